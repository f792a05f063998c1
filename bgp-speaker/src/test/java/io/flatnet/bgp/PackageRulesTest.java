package io.flatnet.bgp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of DESIGN.md §1: which package of the speaker may use which. */
class PackageRulesTest {
    private static JavaClasses speaker;

    @BeforeAll
    static void importClasses() {
        speaker = new ClassFileImporter()
                // Not Predefined.DO_NOT_INCLUDE_TESTS: it matches only ".../target/test-classes/", so with
                // -Dflatnet.buildDir=target-xyz (parallel work trees) the tests were imported and judged.
                .withImportOption(location -> !location.contains("/test-classes/"))
                .importPackages("io.flatnet.bgp");
    }

    @Test
    void modelUsesOnlyTheJdk() {
        classes().that().resideInAPackage("io.flatnet.bgp.model..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.flatnet.bgp.model..", "java..")
                .check(speaker);
    }

    @Test
    void fsmIsPureAndKnowsNoNetty() {
        classes().that().resideInAPackage("io.flatnet.bgp.fsm..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.flatnet.bgp.fsm..", "io.flatnet.bgp.model..", "java..")
                .check(speaker);
    }

    @Test
    void wireUsesModelAndNettyBuffersOnly() {
        classes().that().resideInAPackage("io.flatnet.bgp.wire..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "io.flatnet.bgp.wire..", "io.flatnet.bgp.model..", "io.netty.buffer..", "io.netty.channel..",
                        "io.netty.handler.codec..", "io.netty.util..", "java..")
                .check(speaker);
    }

    @Test
    void ribUsesModelAndPolicyButNotWire() {
        classes().that().resideInAPackage("io.flatnet.bgp.rib..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "io.flatnet.bgp.rib..", "io.flatnet.bgp.model..", "io.flatnet.bgp.policy..", "org.slf4j..", "java..")
                .check(speaker);
    }

    @Test
    void policyUsesOnlyTheModel() {
        classes().that().resideInAPackage("io.flatnet.bgp.policy..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "io.flatnet.bgp.policy..", "io.flatnet.bgp.model..", "java..")
                .check(speaker);
    }

    @Test
    void onlyTheSessionTouchesTransports() {
        noClasses().that().resideOutsideOfPackage("io.flatnet.bgp.session..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty.channel.epoll..", "io.netty.bootstrap..")
                .check(speaker);
    }

    @Test
    void nothingReadsTheWallClockInProtocolCode() {
        noClasses().that().resideInAnyPackage("io.flatnet.bgp.fsm..", "io.flatnet.bgp.wire..", "io.flatnet.bgp.model..", "io.flatnet.bgp.rib..")
                .should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .check(speaker);
    }
}

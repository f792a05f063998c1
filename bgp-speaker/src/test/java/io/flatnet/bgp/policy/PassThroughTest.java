package io.flatnet.bgp.policy;

import static io.flatnet.bgp.policy.PolicyFixtures.LOCAL;
import static io.flatnet.bgp.policy.PolicyFixtures.NODE_A;
import static io.flatnet.bgp.policy.PolicyFixtures.TOR;
import static io.flatnet.bgp.policy.PolicyFixtures.attrs;
import static io.flatnet.bgp.policy.PolicyFixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A route that no rule changes comes back as the very attributes instance it went in as, and the
 * hooks allocate nothing for it: measured with the JVM's per-thread allocation counter, not timed.
 */
class PassThroughTest {
    private static final IpPrefix BLOCK = prefix("10.244.1.0/26");
    private static final RouteAttributes OWN = attrs().communities(List.of(Community.parse("64512:1"))).build();
    private static final RouteAttributes FROM_TOR = attrs(65001, 65010).build();

    /** Rules that are evaluated but do not match, then an accepting one without changes. */
    private static final CompiledPeerPolicy POLICY = PeerPolicy.of(
            BgpFilter.named("busy")
                    .exportV4(
                            FilterRule.reject().in("192.168.0.0/16"),
                            FilterRule.reject().prefixLength(32, 32),
                            FilterRule.reject().withCommunity(Community.parse("64512:666")),
                            FilterRule.reject().asPathPrefix(Asn.of(65099)),
                            FilterRule.accept().in("10.244.0.0/16").then(Operation.addCommunity(Community.parse("64512:1"))))
                    .importV4(
                            FilterRule.reject().notIn("10.0.0.0/8"),
                            FilterRule.reject().asPathPrefix(Asn.of(65001), Asn.of(65099)),
                            FilterRule.accept().source(SourceMatch.REMOTE_PEERS).peerType(PeerType.IBGP)))
            .compile(ProtocolRules.standard());

    @Test
    void unchangedRoutesComeBackAsTheSameInstance() {
        PolicyResult exported = POLICY.exportRoute(BLOCK, OWN, LOCAL, TOR);
        assertThat(exported).isSameAs(PolicyResult.unchanged());
        assertThat(exported.attributes(OWN)).isSameAs(OWN);
        PolicyResult imported = POLICY.importRoute(BLOCK, FROM_TOR, TOR);
        assertThat(imported).isSameAs(PolicyResult.unchanged());
        assertThat(imported.attributes(FROM_TOR)).isSameAs(FROM_TOR);
    }

    @Test
    void chainedHooksKeepTheSameInstance() {
        ExportPolicy chain = POLICY.then(ExportPolicy.acceptAll()).then(POLICY);
        assertThat(chain.exportRoute(BLOCK, OWN, LOCAL, TOR)).isSameAs(PolicyResult.unchanged());
        ImportPolicy imports = ImportPolicy.acceptAll().then(POLICY);
        assertThat(imports.importRoute(BLOCK, FROM_TOR, TOR)).isSameAs(PolicyResult.unchanged());
    }

    @Test
    void passThroughAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        int rounds = 200_000;
        int accepted = run(rounds);
        long before = threads.getThreadAllocatedBytes(thread);
        accepted += run(rounds);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(accepted).isEqualTo(4 * 2 * rounds);
        // One object per call would be 16+ bytes x 800,000 calls; allow a little for the counter itself.
        assertThat(allocated).as("bytes allocated by %d policy calls", 4 * rounds).isLessThan(64 * 1024);
    }

    private static int run(int rounds) {
        int accepted = 0;
        for (int i = 0; i < rounds; i++) {
            accepted += POLICY.exportRoute(BLOCK, OWN, LOCAL, TOR).isAccepted() ? 1 : 0;
            accepted += POLICY.exportRoute(BLOCK, OWN, LOCAL, NODE_A).isAccepted() ? 1 : 0;
            accepted += POLICY.importRoute(BLOCK, FROM_TOR, TOR).isAccepted() ? 1 : 0;
            accepted += POLICY.importRoute(BLOCK, OWN, NODE_A).isAccepted() ? 1 : 0;
        }
        return accepted;
    }
}

package io.flatnet.lab.junit;

import io.flatnet.lab.DaemonKind;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a lab test: tags it {@value LabEnvironment#TAG}, checks root, network namespaces and the
 * daemons in {@link #requires()} before it runs (skipping, or failing under {@code CI=true}),
 * and lets it take a fresh {@link io.flatnet.lab.Lab} parameter that is closed after the test,
 * with every daemon's log tail printed if the test failed.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(LabEnvironment.TAG)
@ExtendWith(LabExtension.class)
public @interface NetnsTest {
  /** Daemons the test starts; missing ones skip it (or fail it in CI). */
  DaemonKind[] requires() default {};
}

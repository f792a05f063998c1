package io.flatnet.lab.junit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class LabEnvironmentTest {
  @Test
  void skipsWithReasonOffCi() {
    assertThatThrownBy(() -> LabEnvironment.unavailable("not running as root", false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("not running as root");
  }

  @Test
  void failsInCi() {
    assertThatThrownBy(() -> LabEnvironment.unavailable("not running as root", true))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("not running as root")
        .hasMessageContaining("CI=true");
  }
}

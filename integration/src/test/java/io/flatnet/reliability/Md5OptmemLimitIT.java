package io.flatnet.reliability;

import io.flatnet.lab.Lab;
import io.flatnet.lab.LabProcess;
import io.flatnet.lab.Netns;
import io.flatnet.lab.Poll;
import io.flatnet.lab.junit.NetnsTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 200 TCP MD5 keys on one listener in a namespace whose {@code net.core.optmem_max} is far too
 * low for them (the sysctl is per namespace since Linux 6.9): the agent's error names the
 * sysctl, its value and the key count, instead of a bare "Cannot allocate memory".
 */
@NetnsTest
class Md5OptmemLimitIT {

  @Test
  void aTooLowOptmemMaxIsNamedInTheError(Lab lab) {
    Netns ns = lab.namespace("md5");
    ns.execOrThrow("sysctl", "-q", "-w", "net.core.optmem_max=4096");
    LabProcess agent = ns.startJava("md5keys", Md5KeyLoader.class.getName(), List.of("200"));
    String line = Poll.until(Duration.ofSeconds(30), "the optmem_max error in " + agent.log(),
        () -> logLines(agent).stream().filter(l -> l.contains("net.core.optmem_max")).findFirst(),
        () -> String.join("\n", logLines(agent)));
    org.assertj.core.api.Assertions.assertThat(line)
        .contains("Cannot allocate memory")
        .contains("net.core.optmem_max (4096 bytes) is too low for 200 keys");
  }

  private static List<String> logLines(LabProcess p) {
    try {
      return Files.exists(p.log()) ? Files.readAllLines(p.log()) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

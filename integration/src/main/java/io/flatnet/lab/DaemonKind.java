package io.flatnet.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real BGP implementations the lab drives, with the Debian package and binaries each needs. */
public enum DaemonKind {
  BIRD2("bird2", "/usr/sbin/bird", "/usr/sbin/birdc"),
  FRR("frr", "/usr/lib/frr/bgpd", "/usr/bin/vtysh"),
  GOBGP("gobgpd", "/usr/bin/gobgpd", "/usr/bin/gobgp"),
  EXABGP("exabgp", "/usr/sbin/exabgp");

  private final String debianPackage;
  private final List<String> binaries;

  DaemonKind(String debianPackage, String... binaries) {
    this.debianPackage = debianPackage;
    this.binaries = List.of(binaries);
  }

  public String debianPackage() {
    return debianPackage;
  }

  /** Binaries of this kind that are not installed; empty when it can run. */
  public List<String> missingBinaries() {
    return binaries.stream().filter(b -> !Files.isExecutable(Path.of(b))).toList();
  }
}

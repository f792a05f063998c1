package io.flatnet.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What every driver shares: a work directory, the process, the set of originated prefixes. */
abstract class AbstractDaemon implements BgpDaemon {
  /** Daemons start in well under a second here; the margin is for a loaded 2-core machine. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  final Lab lab;
  final Netns ns;
  final BgpConfig config;
  final String name;
  final Path dir;
  /** Prefixes originated now, in announcement order. Drivers that rewrite config use it. */
  final Set<String> originated = new LinkedHashSet<>();
  LabProcess process;

  AbstractDaemon(Lab lab, Netns ns, BgpConfig config, String name) {
    this.lab = lab;
    this.ns = ns;
    this.config = config;
    this.name = name;
    this.dir = lab.dir().resolve(name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    originated.addAll(config.prefixes());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Netns namespace() {
    return ns;
  }

  @Override
  public BgpConfig config() {
    return config;
  }

  @Override
  public LabProcess process() {
    return process;
  }

  @Override
  public void stop() {
    if (process != null) {
      process.stop(Duration.ofSeconds(3));
    }
  }

  /** Starts {@code argv} in the namespace and polls {@code ready} until it holds. */
  void launch(List<String> argv, java.util.function.BooleanSupplier ready) {
    process = ns.start(name, argv, dir);
    Poll.until(READY_TIMEOUT, name + " to accept commands", () -> {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited at start\n" + process.tail(30));
      }
      return ready.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty();
    }, () -> process.tail(30));
  }

  void write(String file, String text) {
    try {
      Files.writeString(dir.resolve(file), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Renders a 32-bit RFC 1997 community as {@code high:low}. */
  static String community(long value) {
    return (value >>> 16) + ":" + (value & 0xFFFF);
  }

  @Override
  public String toString() {
    return name + " in " + ns;
  }
}

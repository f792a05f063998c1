package io.flatnet.interop;

import io.flatnet.lab.BgpConfig;
import io.flatnet.lab.BgpDaemon;
import io.flatnet.lab.Bird2;
import io.flatnet.lab.DaemonKind;
import io.flatnet.lab.Lab;
import io.flatnet.lab.Netns;
import io.flatnet.lab.junit.NetnsTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link UnicastInteropContract} against BIRD 2. */
@NetnsTest(requires = DaemonKind.BIRD2)
class BirdInteropIT extends UnicastInteropContract {
  private static final Pattern NEIGHBOR_AS = Pattern.compile("^\\s*Neighbor AS:\\s+(\\d+)", Pattern.MULTILINE);
  /** "Session: external AS4": BIRD's word that both sides sent the RFC 6793 capability. */
  private static final Pattern SESSION = Pattern.compile("^\\s*Session:\\s+(.*)$", Pattern.MULTILINE);

  @Override
  BgpDaemon startDaemon(Lab lab, Netns ns, BgpConfig config) {
    return lab.startBird(ns, config);
  }

  @Override
  void requestRouteRefresh(String neighbor) {
    Bird2 bird = (Bird2) daemon;
    bird.birdc("reload", "in", bird.protocolName(neighbor)).orThrow();
  }

  @Override
  void shutDown(String neighbor, String message) {
    Bird2 bird = (Bird2) daemon;
    bird.birdc("disable", bird.protocolName(neighbor), "\"" + message + "\"").orThrow();
  }

  @Override
  void bringUp(String neighbor) {
    Bird2 bird = (Bird2) daemon;
    bird.birdc("enable", bird.protocolName(neighbor)).orThrow();
  }

  @Override
  DaemonView daemonView(String neighbor) {
    Bird2 bird = (Bird2) daemon;
    String out = bird.birdc("show", "protocols", "all", bird.protocolName(neighbor)).orThrow().stdout();
    Matcher as = NEIGHBOR_AS.matcher(out);
    Matcher session = SESSION.matcher(out);
    boolean as4 = session.find() && session.group(1).contains("AS4");
    return new DaemonView(as.find() ? Long.parseLong(as.group(1)) : -1, as4, out);
  }
}

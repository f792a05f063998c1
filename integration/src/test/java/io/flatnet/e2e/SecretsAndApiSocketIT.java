package io.flatnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.flatnet.agent.FlatnetMain;
import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.lab.Exec;
import io.netty.channel.epoll.Epoll;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The agent's secrets and its API socket, end to end: the real agent (its main command, in a
 * thread) with a TCP MD5 password for its peer, at TRACE log level. Every log line, every API
 * document, {@code /metrics} and every flatnetctl output is collected and searched for the
 * password. The socket is 0660 with the group {@code --api-socket-group} names: a user outside
 * it is refused, a member is served. Root only (TCP MD5 keys, changing a file's group, running
 * curl as another user).
 */
@Tag("privileged")
class SecretsAndApiSocketIT {
  static final IpAddress A = IpAddress.parse("127.0.0.1");
  static final IpAddress B = IpAddress.parse("127.0.0.2");
  static final String PASSWORD = "Pw-3f9c1e-never-print-me";
  /** {@code daemon} (gid 1) exists on every Debian system; {@code nobody} is not in it. */
  static final String GROUP = "daemon";

  @Test
  void passwordsStayOutOfLogsApiMetricsAndFlatnetctlAndTheSocketServesRootAndItsGroupOnly(@TempDir Path tmp)
      throws Exception {
    assumeTrue(Epoll.isAvailable(), "TCP MD5 needs netty epoll, unavailable: " + Epoll.unavailabilityCause());
    assumeTrue("root".equals(System.getProperty("user.name")),
        "TCP MD5 keys, chgrp and running curl as nobody need root; run as root (CI does)");
    // nobody must be able to reach the socket's directory, so only the socket's mode decides.
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path socket = tmp.resolve("run/flatnet.sock");

    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger flatnet = logs.getLogger("io.flatnet");
    Level rootLevel = root.getLevel();
    Level flatnetLevel = flatnet.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(logs);
    captured.start();
    root.addAppender(captured);
    flatnet.setLevel(Level.TRACE);
    List<String> seen = new ArrayList<>();
    int bgpPort = FlatnetctlAgentTest.freePort();
    int metricsPort = FlatnetctlAgentTest.freePort();
    try (BgpSpeaker peer = BgpSpeaker.start(SpeakerConfig.of(Asn.of(64513), RouterId.parse("2.2.2.2"))
        .withListen(List.of(B), 0).withIoThreads(1))) {
      peer.setPeers(Set.of(PeerConfig.builder(A, Asn.of(64512)).port(bgpPort).md5Password(PASSWORD)
          .backoff(new ConnectRetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
          .policy(PeerPolicy.defaults()).build()));
      StringWriter agentOut = new StringWriter();
      CompletableFuture<Integer> agent = new CompletableFuture<>();
      String[] args = {"--asn", "64512", "--router-id", "1.1.1.1", "--listen", "127.0.0.1", "--port",
          Integer.toString(bgpPort), "--peer", B + ",as=64513,policy=defaults,password=" + PASSWORD + ",port=" + peer.port(),
          "--no-kernel", "--advertise", "10.244.1.0/24", "--api-socket", socket.toString(),
          "--api-socket-group", GROUP, "--metrics-listen", "127.0.0.1:" + metricsPort};
      Thread.ofPlatform().name("agent-under-test").start(() -> agent.complete(
          FlatnetMain.commandLine(new PrintWriter(agentOut, true)).execute(args)));
      try {
        FlatnetctlAgentTest.await("MD5 session up", () -> peer.peerStatus(A).map(PeerStatus::state).orElse(null),
            s -> s == SessionState.ESTABLISHED);
        FlatnetctlAgentTest.await("the API socket", () -> Files.exists(socket), e -> e);

        PosixFileAttributes attributes = Files.readAttributes(socket, PosixFileAttributes.class);
        assertThat(attributes.permissions()).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
        assertThat(attributes.owner().getName()).isEqualTo("root");
        assertThat(attributes.group().getName()).isEqualTo(GROUP);
        Exec.Result stranger = curlAs("--groups=65534", socket, "/v1/status");
        assertThat(stranger.exitCode()).as("curl as nobody: " + stranger.stderr()).isEqualTo(7);
        // curl says only "Couldn't connect"; the member below, same user, same socket, shows it is the group.
        Exec.Result member = curlAs("--groups=1", socket, "/v1/status");
        assertThat(member.exitCode()).as("curl as nobody in group daemon: " + member.stderr()).isZero();
        seen.add(member.stdout());

        for (String path : List.of("/v1", "/v1/status", "/v1/peers", "/v1/peers/127.0.0.2", "/v1/routes",
            "/v1/advertisements", "/v1/kernel")) {
          seen.add(Exec.run(List.of("curl", "-sS", "--unix-socket", socket.toString(), "http://flatnet" + path))
              .orThrow().stdout());
        }
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("flatnet_bgp_session_established");
        seen.add(metrics);
        for (List<String> command : List.of(List.of("node", "status"), List.of("get", "peers"),
            List.of("get", "peers", "-o", "wide"), List.of("get", "peers", "-o", "json"),
            List.of("get", "peers", "-o", "yaml"), List.of("get", "peers", "127.0.0.2"),
            List.of("get", "peers", "127.0.0.2", "-o", "yaml"), List.of("get", "routes", "-o", "wide"),
            List.of("health"), List.of("version"), List.of("peer", "reset", "127.0.0.2", "--hard"))) {
          seen.add(ctl(socket, command.toArray(String[]::new)));
        }
        // The reset brings the session down and up again: more log lines, with the key in use.
        FlatnetctlAgentTest.await("MD5 session up after the reset", () -> peer.peerStatus(A).map(PeerStatus::state).orElse(null),
            s -> s == SessionState.ESTABLISHED);
        seen.add(ctl(socket, "decommission", "--message", "test over", "--yes"));
        assertThat(agent.get(30, TimeUnit.SECONDS)).isZero();
      } finally {
        if (!agent.isDone()) {
          ctl(socket, "decommission", "--message", "test over", "--yes");
        }
      }
      seen.add(agentOut.toString());
    } finally {
      root.detachAppender(captured);
      flatnet.setLevel(flatnetLevel);
      root.setLevel(rootLevel);
    }
    List<String> logLines = captured.list.stream().map(e -> e.getFormattedMessage()
        + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
    assertThat(logLines).as("log lines captured at TRACE").hasSizeGreaterThan(20);
    seen.addAll(logLines);
    assertThat(seen).as("logs, API documents, /metrics and flatnetctl outputs (%d texts)", seen.size())
        .noneMatch(text -> text.contains(PASSWORD));
    System.out.printf("searched %d texts (%d log lines) for the password: not found%n", seen.size(), logLines.size());
  }

  /** curl on the API socket as user nobody with the given supplementary groups. */
  private static Exec.Result curlAs(String groups, Path socket, String path) {
    return Exec.run(List.of("setpriv", "--reuid=65534", "--regid=65534", groups, "curl", "-sS", "--unix-socket",
        socket.toString(), "http://flatnet" + path));
  }

  private static String ctl(Path socket, String... args) {
    FlatnetctlSocketTest.Result r = FlatnetctlSocketTest.ctl(socket, args);
    return r.out() + "\n" + r.err();
  }
}

package io.flatnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.agent.FlatnetMain;
import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.cli.FlatnetCtl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * End to end without root: the real {@code flatnet} agent (its main command, in a thread) peering
 * on loopback with a second speaker, inspected and decommissioned with the real {@code flatnetctl}
 * over the API; the CLI knows only the JSON.
 */
class FlatnetctlAgentTest {
    static final IpAddress A = IpAddress.parse("127.0.0.1");
    static final IpAddress B = IpAddress.parse("127.0.0.2");

    record Result(int code, String out, String err) {}

    static Result ctl(String api, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--api";
        all[args.length + 1] = api;
        int code = FlatnetCtl.commandLine(new FlatnetCtl(), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(all);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void flatnetctlInspectsAndDecommissionsARunningAgent() throws Exception {
        int agentBgpPort = freePort();
        int apiPort = freePort();
        String api = "http://127.0.0.1:" + apiPort;
        try (BgpSpeaker peer = BgpSpeaker.start(SpeakerConfig.of(Asn.of(64513), RouterId.parse("2.2.2.2"))
                .withListen(List.of(B), 0).withIoThreads(1))) {
            peer.setAdvertisements(Set.of(Advertisement.of("10.244.2.0/24")));
            peer.setPeers(Set.of(PeerConfig.builder(A, Asn.of(64512)).port(agentBgpPort).passive(true)
                    .backoff(new ConnectRetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                    .policy(PeerPolicy.defaults()).build()));

            assertThat(ctl(api, "node", "status").err()).startsWith("flatnet process is not running: cannot connect"
                    + " to 127.0.0.1:" + apiPort + " (Connection refused)");

            StringWriter agentErr = new StringWriter();
            CompletableFuture<Integer> agent = CompletableFuture.supplyAsync(() -> FlatnetMain.commandLine(
                    new PrintWriter(agentErr, true)).execute("--asn", "64512", "--router-id", "1.1.1.1", "--listen",
                    "127.0.0.1", "--port", Integer.toString(agentBgpPort), "--peer", B + ",as=64513,policy=defaults,port=" + peer.port(),
                    "--advertise", "10.244.1.0/24", "--api-listen", "127.0.0.1:" + apiPort, "--no-kernel",
                    "--no-api-socket"));

            await("session up", () -> peer.peerStatus(A).map(PeerStatus::state).orElse(null),
                    s -> s == SessionState.ESTABLISHED);
            Result status = await("node status", () -> ctl(api, "node", "status"),
                    r -> r.code() == 0 && r.out().contains("Established"));
            assertThat(status.out()).startsWith("flatnet process is running.\n\nIPv4 BGP status\n");
            assertThat(status.out()).containsPattern(
                    "\\| 127\\.0\\.0\\.2 +\\| command line \\| up +\\| \\d\\d:\\d\\d:\\d\\d \\| Established \\|");
            assertThat(status.out()).endsWith("IPv6 BGP status\nNo IPv6 peers found.\n");

            Result detail = ctl(api, "peers", "127.0.0.2");
            assertThat(detail.code()).isZero();
            assertThat(detail.out()).contains("Peer 127.0.0.2, AS 64513 (command line)", "Families:              ipv4, ipv6");

            Result routes = await("route", () -> ctl(api, "routes", "--family", "ipv4"),
                    r -> r.out().contains("10.244.2.0/24"));
            assertThat(routes.out()).containsPattern("\\| 10\\.244\\.2\\.0/24 \\| best \\| 127\\.0\\.0\\.2 \\| 127\\.0\\.0\\.2 \\|"
                    + " 64513 +\\| igp +\\| the only path \\| off: kernel route installation is off \\(--no-kernel\\) \\|");
            assertThat(ctl(api, "routes", "--received", "--family", "ipv4").out())
                    .contains("| 10.244.2.0/24 | 127.0.0.2 | 127.0.0.2 | 64513 ");

            assertThat(ctl(api, "peer", "reset", "127.0.0.2").out()).contains("ROUTE-REFRESH");
            assertThat(ctl(api, "peers", "10.1.1.1").err().strip()).isEqualTo("no BGP peer 10.1.1.1 is configured");

            Result gone = ctl(api, "decommission", "--message", "e2e done", "--yes");
            assertThat(gone.code()).as(gone.err()).isZero();
            assertThat(agent.get(30, TimeUnit.SECONDS)).isZero();
            PeerStatus after = peer.peerStatus(A).orElseThrow();
            assertThat(after.lastNotificationReceived()).get().satisfies(n -> {
                assertThat(n.subcode()).isEqualTo(2);
                assertThat(n.shutdownMessage()).contains("e2e done");
            });
            assertThat(ctl(api, "node", "status").code()).isEqualTo(1);
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static <T> T await(String what, Supplier<T> probe, Predicate<T> ok) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (ok.test(last)) {
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
    }
}

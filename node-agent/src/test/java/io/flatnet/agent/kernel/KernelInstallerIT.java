package io.flatnet.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.kernel.netlink.NetNamespace;
import io.flatnet.kernel.netlink.NetlinkRouteTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The installer with real netlink in a fresh network namespace (the agent's, {@code va}
 * 100.64.77.1/24) joined by a veth to a second one (the peer's, {@code vb} 100.64.77.2/24). Each
 * speaker is started from a thread inside its namespace, so its sockets live there; the
 * installer's thread enters the agent's namespace before it opens its netlink socket. What the
 * kernel holds is read with {@code ip -n NS route show proto bgp}, independent of our dump code.
 */
@Tag("privileged")
class KernelInstallerIT {
    private static final ConnectRetryBackoff FAST = new ConnectRetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    private static final IpAddress AGENT = IpAddress.parse("100.64.77.1");
    private static final IpAddress PEER = IpAddress.parse("100.64.77.2");
    private static final String BLOCK = "100.96.1.0/24";
    private static final String LEARNED = "100.80.1.0/24";

    private final String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final String nsAgent = "fkia" + suffix;
    private final String nsPeer = "fkib" + suffix;
    private final List<String> namespaces = new ArrayList<>();
    private ExecutorService inAgent;
    private ExecutorService inPeer;
    private BgpSpeaker peer;
    private BgpSpeaker agent;
    private KernelInstaller installer;

    @BeforeEach
    void setUp() throws Exception {
        assumePrivileged();
        run("ip", "netns", "add", nsAgent);
        namespaces.add(nsAgent);
        run("ip", "netns", "add", nsPeer);
        namespaces.add(nsPeer);
        ip(nsAgent, "link", "set", "lo", "up");
        ip(nsPeer, "link", "set", "lo", "up");
        ip(nsAgent, "link", "add", "name", "va", "type", "veth", "peer", "name", "vb", "netns", nsPeer);
        ip(nsAgent, "addr", "add", "100.64.77.1/24", "dev", "va");
        ip(nsPeer, "addr", "add", "100.64.77.2/24", "dev", "vb");
        ip(nsAgent, "link", "set", "va", "up");
        ip(nsPeer, "link", "set", "vb", "up");
        inAgent = threadIn(nsAgent);
        inPeer = threadIn(nsPeer);

        peer = call(inPeer, () -> BgpSpeaker.start(SpeakerConfig.of(Asn.of(64513), RouterId.parse("100.64.77.2"))
                .withListen(List.of(PEER), 179).withIoThreads(1)));
        peer.setAdvertisements(Set.of(Advertisement.of(LEARNED)));
        peer.setPeers(Set.of(PeerConfig.builder(AGENT, Asn.of(64512)).backoff(FAST)
                .gracefulRestartTime(Duration.ofSeconds(120)).policy(PeerPolicy.defaults()).build()));
    }

    @AfterEach
    void tearDown() {
        try {
            if (installer != null) {
                installer.close();
            }
            if (agent != null) {
                agent.close();
            }
            if (peer != null) {
                peer.close();
            }
            if (inAgent != null) {
                inAgent.shutdownNow();
                inPeer.shutdownNow();
            }
        } finally {
            for (String ns : namespaces) {
                run("ip", "netns", "del", ns);
            }
        }
    }

    /** The agent side as FlatnetMain wires it: installer first (adopting), then a speaker restarting if it adopted. */
    private void startAgent() throws Exception {
        installer = KernelInstaller.start(KernelOptions.DEFAULT, () -> {
            NetNamespace.enter(nsAgent);
            return NetlinkRouteTable.open();
        });
        SpeakerConfig config = SpeakerConfig.of(Asn.of(64512), RouterId.parse("100.64.77.1"))
                .withListen(List.of(AGENT), 179).withIoThreads(1);
        SpeakerConfig effective = installer.restarting()
                ? config.withRestarting(true, installer.options().restartTime()) : config;
        agent = call(inAgent, () -> BgpSpeaker.start(effective));
        installer.attach(agent);
        Set<PeerConfig> peers = Set.of(PeerConfig.builder(PEER, Asn.of(64513)).backoff(FAST)
                .gracefulRestartTime(Duration.ofSeconds(120)).policy(PeerPolicy.defaults()).build());
        installer.setLocalRanges(new LocalRanges(List.of(IpPrefix.parse(BLOCK)), Map.of()));
        installer.setPeers(peers);
        agent.setAdvertisements(Set.of(Advertisement.of(BLOCK)));
        agent.setPeers(peers);
    }

    @Test
    void learnedRoutesReachTheKernelLeaveItComeBackAndSurviveARestart() throws Exception {
        startAgent();
        assertThat(agent.config().restarting()).isFalse();
        eventually(() -> assertThat(bgpRoutes()).containsExactlyInAnyOrder(
                LEARNED + " via 100.64.77.2 dev va", "blackhole " + BLOCK));

        // A withdrawal removes the route; the node's blackhole stays.
        peer.setAdvertisements(Set.of());
        eventually(() -> assertThat(bgpRoutes()).containsExactly("blackhole " + BLOCK));

        // Deleted by hand, it is put back.
        peer.setAdvertisements(Set.of(Advertisement.of(LEARNED)));
        eventually(() -> assertThat(bgpRoutes()).contains(LEARNED + " via 100.64.77.2 dev va"));
        ip(nsAgent, "route", "del", LEARNED);
        eventually(() -> assertThat(bgpRoutes()).contains(LEARNED + " via 100.64.77.2 dev va"));

        // A graceful stop leaves the routes in the kernel.
        installer.close();
        installer = null;
        agent.shutdown(true, "test restart");
        agent.close();
        agent = null;
        Thread.sleep(300);
        assertThat(bgpRoutes()).containsExactlyInAnyOrder(LEARNED + " via 100.64.77.2 dev va", "blackhole " + BLOCK);

        // A route of ours the peer no longer has, as if left from the previous run.
        ip(nsAgent, "route", "add", "100.80.9.0/24", "via", "100.64.77.2", "proto", "bgp");

        // The next run adopts all three, restarts gracefully, and sweeps only the one not re-learned.
        startAgent();
        assertThat(installer.adopted()).isEqualTo(3);
        assertThat(agent.config().restarting()).isTrue();
        assertThat(installer.snapshot().join().stale()).isBetween(1, 3);
        eventually(() -> assertThat(installer.snapshot().join().restart()).startsWith("restart over").contains("End-of-RIB from every awaited peer"));
        assertThat(bgpRoutes()).containsExactlyInAnyOrder(LEARNED + " via 100.64.77.2 dev va", "blackhole " + BLOCK);

        // A decommission removes every route of ours, and nothing else.
        agent.shutdown(false, "decommissioned by the test");
        installer.decommission();
        assertThat(bgpRoutes()).isEmpty();
        assertThat(ip(nsAgent, "-4", "route", "show")).contains("100.64.77.0/24 dev va");
    }

    // --- helpers ---

    /** Our routes, one line each, as {@code ip -o} prints them with spaces collapsed. */
    private List<String> bgpRoutes() {
        List<String> out = new ArrayList<>();
        for (String line : ip(nsAgent, "-o", "-4", "route", "show", "proto", "bgp").split("\n")) {
            String s = line.replace('\\', ' ').replace('\t', ' ').replaceAll(" +", " ").strip();
            if (!s.isEmpty()) {
                out.add(s.replace(" proto bgp", ""));
            }
        }
        return out;
    }

    private static void eventually(Runnable assertion) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static ExecutorService threadIn(String ns) throws Exception {
        ExecutorService e = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("in-" + ns).daemon()
                .unstarted(r));
        call(e, () -> {
            NetNamespace.enter(ns);
            return null;
        });
        return e;
    }

    private static <T> T call(ExecutorService e, Callable<T> task) throws Exception {
        return e.submit(task).get(60, TimeUnit.SECONDS);
    }

    /** Skips without root; fails instead under CI=true, where a privileged test must really run. */
    private static void assumePrivileged() {
        String why = null;
        if (!isRoot()) {
            why = "needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN for ip netns and setns)";
        } else if (Set.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip").stream().noneMatch(p -> Files.isExecutable(Path.of(p)))) {
            why = "needs iproute2's ip command";
        }
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("privileged test cannot run under CI=true: " + why);
            }
            org.junit.jupiter.api.Assumptions.abort("skipping privileged kernel installer test: " + why);
        }
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // effective uid
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static String ip(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + err.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

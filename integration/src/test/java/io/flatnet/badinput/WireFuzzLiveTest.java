package io.flatnet.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.flatnet.badinput.RawPeer.Notification;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.JMException;
import javax.management.ObjectName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * Wire fuzzing over live sessions: {@value #DEFAULT_COUNT} mutated UPDATEs on Established
 * sessions and as many mutated OPENs on fresh connections, from four raw peers at once (two
 * eBGP, one iBGP, one route-reflector client). Each mutant is sent alone and the fuzzer waits
 * until the agent has read it (its received-message count moves) or closed the connection, so
 * every count below is of messages the agent actually judged.
 *
 * <p>Held: the agent never dies (a clean session carries a route at the end); every reset comes
 * with a NOTIFICATION that {@link NotificationRules} finds correct for the phase, except a
 * broken NOTIFICATION, which is never answered; the healthy session keeps its uptime and
 * routes; the heap after GC returns to within 10% of its baseline once the fuzz sessions are
 * gone. Counts and seed: {@code -Dflatnet.fuzz.updates}, {@code -Dflatnet.fuzz.opens},
 * {@code -Dflatnet.fuzz.seed}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WireFuzzLiveTest {
    static final int DEFAULT_COUNT = 10_000;
    static final long SEED = Long.getLong("flatnet.fuzz.seed", 7606);
    static final int UPDATES = Integer.getInteger("flatnet.fuzz.updates", DEFAULT_COUNT);
    static final int OPENS = Integer.getInteger("flatnet.fuzz.opens", DEFAULT_COUNT);
    /** A mutant whose header promises more octets than follow leaves the agent waiting: give up then. */
    /** Mutants of each kind sent before the heap baseline is taken, none of them counted. */
    static final int WARM_UP = 1_000;
    static final Duration STALL = Duration.ofMillis(300);
    static final Duration PATIENCE = AgentUnderTest.PATIENCE;

    /** A fuzz peer: its address, its AS (the agent's for the internal ones), reflector client or not. */
    record FuzzPeer(String address, long asn, boolean reflectorClient) {
        IpAddress ip() {
            return IpAddress.parse(address);
        }

        RawPeer.Open open() {
            return RawPeer.Open.of(asn, address).withoutHoldTimer();
        }
    }

    static final List<FuzzPeer> PEERS = List.of(
            new FuzzPeer("127.100.1.1", CorpusCase.CORPUS_AS, false),
            new FuzzPeer("127.100.1.2", CorpusCase.CORPUS_AS, false),
            new FuzzPeer("127.100.1.3", AgentUnderTest.AGENT_AS, false),
            new FuzzPeer("127.100.1.4", AgentUnderTest.AGENT_AS, true));

    AgentUnderTest net;
    long heapBaseline;
    final List<String> problems = new CopyOnWriteArrayList<>();
    final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private Level savedLevel;

    @BeforeAll
    void start() {
        net = new AgentUnderTest();
        net.addPeers(PEERS.stream().map(p -> net.rawPeer(p.ip(), p.asn()).reflectorClient(p.reflectorClient()).build()).toList());
        // Twenty thousand resets would log a hundred thousand lines; the outcome table says it all.
        Logger bgp = (Logger) LoggerFactory.getLogger("io.flatnet.bgp");
        savedLevel = bgp.getLevel();
        bgp.setLevel(Level.ERROR);
        // Warm up (classes, JIT, pools) before the baseline, so the comparison is about what stays.
        runOnAllPeers(WARM_UP, (peer, random, count) -> fuzzUpdates(peer, new Random(~random.nextLong()), count));
        runOnAllPeers(WARM_UP, (peer, random, count) -> fuzzOpens(peer, new Random(~random.nextLong()), count));
        PEERS.forEach(this::awaitDown);
        problems.clear();
        outcomes.clear();
        heapBaseline = heapAfterGc();
    }

    @AfterAll
    void stop() {
        ((Logger) LoggerFactory.getLogger("io.flatnet.bgp")).setLevel(savedLevel);
        if (net != null) {
            net.close();
        }
    }

    @Test
    @Order(1)
    void mutatedUpdatesNeverKillTheAgent() {
        problems.clear();
        long judged = runOnAllPeers(UPDATES, this::fuzzUpdates);
        assertThat(problems).as("wrong answers to mutated UPDATEs").isEmpty();
        assertThat(judged).isGreaterThanOrEqualTo(UPDATES);
        net.assertHealthyUntouched();
    }

    @Test
    @Order(2)
    void mutatedOpensNeverKillTheAgent() {
        problems.clear();
        long judged = runOnAllPeers(OPENS, this::fuzzOpens);
        assertThat(problems).as("wrong answers to mutated OPENs").isEmpty();
        assertThat(judged).isGreaterThanOrEqualTo(OPENS);
        net.assertHealthyUntouched();
    }

    @Test
    @Order(3)
    void agentStillWorksAndItsHeapCameBack() {
        for (FuzzPeer p : PEERS) {
            awaitDown(p);
            try (RawPeer clean = RawPeer.establish(p.address(), net.address(), p.open(), PATIENCE)) {
                IpPrefix sentinel = IpPrefix.parse("100.127." + PEERS.indexOf(p) + ".0/24");
                clean.send(CleanUpdates.announce(sentinel, CorpusCase.CORPUS_AS, true));
                net.awaitRoute(p.ip(), sentinel);
            }
            awaitDown(p);
        }
        net.assertHealthyUntouched();
        PEERS.forEach(this::awaitDown);
        long after = heapAfterGc();
        System.out.printf("wire fuzz: seed %d, heap after GC %.1f MiB at baseline, %.1f MiB after (%+.1f%%)%n", SEED,
                heapBaseline / 1048576.0, after / 1048576.0, 100.0 * (after - heapBaseline) / heapBaseline);
        new TreeMap<>(outcomes).forEach((k, v) -> System.out.println("  " + k + ": " + v));
        if (after > heapBaseline * 1.10) {
            throw new AssertionError(String.format("heap used after GC: %d, baseline %d (limit +10%%)%n%s", after,
                    heapBaseline, classHistogram()));
        }
    }

    // ---- the two fuzzers

    interface Job {
        long run(FuzzPeer peer, Random random, int count);
    }

    private long runOnAllPeers(int total, Job job) {
        List<Long> judged = IntStream.range(0, PEERS.size()).parallel()
                .mapToObj(i -> job.run(PEERS.get(i), new Random(SEED * 31 + i), total / PEERS.size() + (i < total % PEERS.size() ? 1 : 0)))
                .toList();
        return judged.stream().mapToLong(Long::longValue).sum();
    }

    /** Sends {@code count} mutated UPDATEs from {@code peer}, reconnecting after every reset. */
    private long fuzzUpdates(FuzzPeer peer, Random random, int count) {
        Mutator mutator = new Mutator(random, updateSeeds());
        int sent = 0;
        while (sent < count) {
            awaitDown(peer);
            try (RawPeer raw = RawPeer.establish(peer.address(), net.address(), peer.open(), PATIENCE)) {
                PeerStatus up = net.awaitStatus(peer.ip(), "Established", s -> s.state() == SessionState.ESTABLISHED);
                long read = up.received().total();
                byte[] previous = new byte[0];
                while (sent < count) {
                    byte[] m = mutator.next();
                    raw.send(m);
                    sent++;
                    Optional<Long> nowRead = awaitRead(peer, raw, read);
                    if (nowRead.isPresent() && !isNotification(m)) {
                        read = nowRead.get();
                        previous = m;
                        count("UPDATE: read, session kept");
                        continue;
                    }
                    judgeClose(raw, m, previous, true);
                    break;
                }
            }
        }
        return sent;
    }

    /** Sends {@code count} mutated OPENs from {@code peer}, one connection each. */
    private long fuzzOpens(FuzzPeer peer, Random random, int count) {
        Mutator mutator = new Mutator(random, openSeeds(peer));
        for (int i = 0; i < count; i++) {
            awaitDown(peer);
            byte[] m = mutator.next();
            try (RawPeer raw = RawPeer.connect(peer.address(), net.address())) {
                raw.send(m);
                if (raw.awaitType(RawPeer.OPEN, STALL) && raw.awaitType(RawPeer.KEEPALIVE, STALL)) {
                    count("OPEN: accepted");
                    continue;
                }
                judgeClose(raw, m, new byte[0], false);
            }
        }
        return count;
    }

    /** Waits until the agent has read another message from {@code peer}, or the connection ended. */
    private Optional<Long> awaitRead(FuzzPeer peer, RawPeer raw, long before) {
        long deadline = System.nanoTime() + STALL.toNanos();
        while (System.nanoTime() < deadline) {
            if (raw.isClosed()) {
                return Optional.empty();
            }
            long read = net.status(peer.ip()).received().total();
            if (read > before) {
                return Optional.of(read);
            }
            LockSupport.parkNanos(50_000);
        }
        return Optional.empty();
    }

    /** The agent closed (or stalled on a short message): the NOTIFICATION must fit what was sent. */
    private void judgeClose(RawPeer raw, byte[] sent, byte[] before, boolean established) {
        String phase = established ? "UPDATE" : "OPEN";
        if (!raw.awaitClosed(established ? PATIENCE : STALL)) {
            count(phase + ": agent waits for the rest of the message");
            return;
        }
        Optional<Notification> n = raw.awaitNotification(Duration.ZERO);
        if (n.isEmpty()) {
            if (isNotification(sent)) {
                count(phase + ": closed on a NOTIFICATION, no reply (RFC 4271 §6.4)");
            } else {
                problems.add("closed without a NOTIFICATION after " + HexFormat.of().formatHex(sent)
                        + (before.length > 0 ? " (the message before: " + HexFormat.of().formatHex(before) + ")" : ""));
            }
            return;
        }
        String problem = NotificationRules.problem(n.get(), established);
        if (problem != null) {
            problems.add(problem + " after " + HexFormat.of().formatHex(sent));
        }
        count(phase + ": reset " + n.get().code() + "/" + n.get().subcode());
    }

    private void awaitDown(FuzzPeer peer) {
        net.awaitStatus(peer.ip(), "not Established", s -> s.state() != SessionState.ESTABLISHED);
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }

    /** A NOTIFICATION (marker intact, type 3), even a broken one: it ends the session unanswered. */
    private static boolean isNotification(byte[] m) {
        if (m.length < 19 || (m[18] & 0xff) != RawPeer.NOTIFICATION) {
            return false;
        }
        for (int i = 0; i < 16; i++) {
            if (m[i] != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }

    // ---- seeds

    /** Clean UPDATEs of both families, a richly attributed one, and every UPDATE of the corpus. */
    static List<byte[]> updateSeeds() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(CleanUpdates.announce(IpPrefix.parse("100.126.1.0/24"), CorpusCase.CORPUS_AS, true));
        seeds.add(CleanUpdates.announce(IpPrefix.parse("fd00:64:fe::/48"), CorpusCase.CORPUS_AS, true));
        // ORIGIN, AS_PATH, NEXT_HOP, MED, LOCAL_PREF, ATOMIC_AGGREGATE, AGGREGATOR (4-octet),
        // COMMUNITIES, ORIGINATOR_ID, CLUSTER_LIST, EXT. COMMUNITIES, LARGE_COMMUNITY, attribute 29.
        String attributes = "400101004002060201" + "0000fde9" + "4003040a000001" + "80040400000064" + "40050400000064"
                + "400600" + "c007080000fde90a000001" + "c00808fde90001fde90002" + "8009040a000002" + "800a040a000003"
                + "c010080002fde900000001" + "c0200c0000fde90000000100000002" + "c01d04deadbeef";
        int length = attributes.length() / 2;
        seeds.add(RawPeer.message(RawPeer.UPDATE, HexFormat.of().parseHex(
                "0003" + "16647e" + String.format("%04x", length) + attributes + "18647e02" + "10647f")));
        for (CorpusCase c : CorpusCase.all()) {
            if (c.isUpdate()) {
                seeds.add(c.withPrefix(CorpusCase.CORPUS_V4, CorpusCase.CORPUS_V6));
            }
        }
        return seeds;
    }

    /** OPENs this peer could send (varied capabilities), and every OPEN of the corpus. */
    static List<byte[]> openSeeds(FuzzPeer peer) {
        List<byte[]> seeds = new ArrayList<>();
        RawPeer.Open open = peer.open();
        seeds.add(open.encode());
        seeds.add(open.withFourOctetAs(false).encode());
        seeds.add(open.withIpv6(false).withAddPathIpv4(true).encode());
        seeds.add(open.withExtendedMessages(true).encode());
        for (CorpusCase c : CorpusCase.all()) {
            if (c.isOpen()) {
                seeds.add(c.withPrefix(CorpusCase.CORPUS_V4, CorpusCase.CORPUS_V6));
            }
        }
        return seeds;
    }

    /** The top of the JVM's class histogram (in-process, no attach), to show what a failed heap check kept. */
    static String classHistogram() {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {null}, new String[] {String[].class.getName()});
            return String.join("\n", out.toString().lines().limit(30).toList());
        } catch (JMException e) {
            return "(no class histogram: " + e + ")";
        }
    }

    static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}

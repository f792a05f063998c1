package io.flatnet.badinput;

import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.lab.Poll;
import io.flatnet.reflector.RouteReflector;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The flatnet speaker under attack, as the node agent builds it (a route reflector, AS 64512),
 * listening on loopback, plus a second speaker in the same JVM holding one healthy eBGP session
 * with it. No root is needed: everything is on 127.100.0.0/16 at ephemeral ports.
 *
 * <p>Raw peers ({@link RawPeer}) come from the addresses of {@link Kind}; the healthy session's
 * Established time, flap count and routes both ways are recorded once up, and
 * {@link #assertHealthyUntouched()} compares against them.
 */
final class AgentUnderTest implements AutoCloseable {
    static final long AGENT_AS = 64512;
    static final String AGENT = "127.100.0.1";
    static final String HEALTHY = "127.100.0.9";
    static final long HEALTHY_AS = 65009;
    static final IpPrefix AGENT_PREFIX = IpPrefix.parse("100.64.251.0/24");
    static final IpPrefix HEALTHY_PREFIX = IpPrefix.parse("100.64.250.0/24");
    static final Duration PATIENCE = Duration.ofSeconds(10);
    static final Duration POLL = Duration.ofMillis(5);
    private static final ConnectRetryBackoff FAST = new ConnectRetryBackoff(Duration.ofMillis(50), Duration.ofMillis(500));

    /** The kinds of session a crafted message arrives on, each from its own address. */
    enum Kind {
        EBGP("127.100.0.2", CorpusCase.CORPUS_AS, false),
        IBGP("127.100.0.3", AGENT_AS, false),
        RR_CLIENT("127.100.0.4", AGENT_AS, true);

        final String address;
        final long asn;
        final boolean reflectorClient;

        Kind(String address, long asn, boolean reflectorClient) {
            this.address = address;
            this.asn = asn;
            this.reflectorClient = reflectorClient;
        }

        IpAddress ip() {
            return IpAddress.parse(address);
        }
    }

    final BgpSpeaker agent;
    final BgpSpeaker healthy;
    private final Set<PeerConfig> rawPeers = new HashSet<>();
    private Instant healthySince;

    AgentUnderTest() {
        agent = BgpSpeaker.start(SpeakerConfig.of(Asn.of(AGENT_AS), RouterId.parse(AGENT))
                .withListen(List.of(IpAddress.parse(AGENT)), 0).withHoldTime(Duration.ofSeconds(9)).withIoThreads(2)
                .withRules(new RouteReflector(RouterId.parse("100.64.0.100"))));
        healthy = BgpSpeaker.start(SpeakerConfig.of(Asn.of(HEALTHY_AS), RouterId.parse(HEALTHY))
                .withListen(List.of(IpAddress.parse(HEALTHY)), 0).withHoldTime(Duration.ofSeconds(9)).withIoThreads(1));
        for (Kind k : Kind.values()) {
            rawPeers.add(rawPeer(k.ip(), k.asn).reflectorClient(k.reflectorClient).build());
        }
        healthy.setPeers(Set.of(PeerConfig.builder(AGENT, AGENT_AS).port(agent.port()).sourceAddress(IpAddress.parse(HEALTHY))
                .backoff(FAST).policy(PeerPolicy.defaults()).build()));
        applyPeers();
        agent.setAdvertisements(Set.of(Advertisement.of(AGENT_PREFIX)));
        healthy.setAdvertisements(Set.of(Advertisement.of(HEALTHY_PREFIX)));
        PeerStatus up = awaitStatus(IpAddress.parse(HEALTHY), "Established", s -> s.state() == SessionState.ESTABLISHED);
        awaitRoute(agent, IpAddress.parse(HEALTHY), HEALTHY_PREFIX);
        awaitRoute(healthy, IpAddress.parse(AGENT), AGENT_PREFIX);
        healthySince = up.since();
    }

    /** A passive peer of the agent, accepting everything it is sent (Calico's default policy). */
    PeerConfig.Builder rawPeer(IpAddress address, long asn) {
        return PeerConfig.builder(address, Asn.of(asn)).passive(true).backoff(FAST).policy(PeerPolicy.defaults())
                .addPathReceive(Set.of(AddressFamily.IPV4_UNICAST));
    }

    /** Adds more raw peers (the fuzzer's) next to the ones of {@link Kind}. */
    void addPeers(List<PeerConfig> more) {
        rawPeers.addAll(more);
        applyPeers();
    }

    private void applyPeers() {
        Set<PeerConfig> all = new HashSet<>(rawPeers);
        all.add(PeerConfig.builder(HEALTHY, HEALTHY_AS).port(healthy.port()).sourceAddress(IpAddress.parse(AGENT))
                .passive(true).backoff(FAST).policy(PeerPolicy.defaults()).build());
        agent.setPeers(all);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(AGENT, agent.port());
    }

    PeerStatus status(IpAddress peer) {
        return agent.peerStatus(peer).orElseThrow(() -> new AssertionError("agent has no peer " + peer));
    }

    PeerStatus awaitStatus(IpAddress peer, String what, Predicate<PeerStatus> ok) {
        return Poll.until(PATIENCE, POLL, "agent: peer " + peer + " " + what, () -> agent.peerStatus(peer).filter(ok), this::describe);
    }

    Optional<io.flatnet.bgp.session.received.ReceivedRoute> route(IpAddress peer, IpPrefix prefix) {
        return route(agent, peer, prefix);
    }

    static Optional<io.flatnet.bgp.session.received.ReceivedRoute> route(BgpSpeaker s, IpAddress peer, IpPrefix prefix) {
        return s.receivedRoutes().routes(peer, AddressFamily.unicast(prefix.afi())).stream()
                .filter(r -> r.prefix().equals(prefix)).findFirst();
    }

    void awaitRoute(IpAddress peer, IpPrefix prefix) {
        awaitRoute(agent, peer, prefix);
    }

    private void awaitRoute(BgpSpeaker s, IpAddress peer, IpPrefix prefix) {
        Poll.until(PATIENCE, POLL, "route " + prefix + " from " + peer, () -> route(s, peer, prefix), this::describe);
    }

    /** The healthy session: same Established period, no flap, its routes both ways. */
    void assertHealthyUntouched() {
        PeerStatus s = status(IpAddress.parse(HEALTHY));
        if (s.state() != SessionState.ESTABLISHED || !s.since().equals(healthySince) || s.flaps() != 0
                || route(IpAddress.parse(HEALTHY), HEALTHY_PREFIX).isEmpty()
                || route(healthy, IpAddress.parse(AGENT), AGENT_PREFIX).isEmpty()) {
            throw new AssertionError("the healthy session noticed: " + s + "\n" + describe());
        }
    }

    Instant healthySince() {
        return healthySince;
    }

    String describe() {
        List<String> rows = new ArrayList<>();
        for (PeerStatus s : agent.peers()) {
            rows.add(s.address() + " " + s.state() + " since " + s.since() + " flaps " + s.flaps() + " last error '"
                    + s.lastError() + "' sent " + s.lastNotificationSent().map(n -> n.code() + "/" + n.subcode()).orElse("-"));
        }
        return "---- agent peers\n" + String.join("\n", rows);
    }

    /** Closes both speakers; a close that does not return within a minute is a failure, not a hung build. */
    @Override
    public void close() {
        Thread closer = Thread.ofPlatform().daemon().name("agent-under-test-close").start(() -> {
            healthy.close();
            agent.close();
        });
        try {
            if (!closer.join(Duration.ofMinutes(1))) {
                throw new AssertionError("BgpSpeaker.close() did not return within a minute\n" + describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

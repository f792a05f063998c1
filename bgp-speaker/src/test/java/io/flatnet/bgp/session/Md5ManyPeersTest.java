package io.flatnet.bgp.session;

import static io.flatnet.bgp.session.TwoSpeakers.AS_A;
import static io.flatnet.bgp.session.TwoSpeakers.AS_B;
import static io.flatnet.bgp.session.TwoSpeakers.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.netty.channel.epoll.Epoll;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One listener holding a distinct TCP MD5 key for each of 200 peers (RFC 2385), each peer a
 * speaker of its own on a loopback address 127.0.1.N: every session establishes, so every key
 * reached the listening socket. Root only (CAP_NET_ADMIN for the keys).
 */
@Tag("privileged")
class Md5ManyPeersTest {
    static final int PEERS = 200;

    @Test
    void twoHundredPeersEachWithItsOwnKeyEstablish() {
        assumeTrue(Epoll.isAvailable(), "TCP MD5 needs netty epoll, unavailable: " + Epoll.unavailabilityCause());
        assumeTrue("root".equals(System.getProperty("user.name")), "TCP MD5 keys need CAP_NET_ADMIN; run as root");
        IpAddress hub = IpAddress.parse("127.0.0.1");
        List<BgpSpeaker> spokes = new ArrayList<>();
        try (BgpSpeaker center = BgpSpeaker.start(SpeakerConfig.of(AS_A, RouterId.parse("1.1.1.1"))
                .withListen(List.of(hub), 0).withIoThreads(2))) {
            Set<PeerConfig> peers = new HashSet<>();
            for (int i = 1; i <= PEERS; i++) {
                IpAddress spoke = IpAddress.parse("127.0.1." + i);
                peers.add(PeerConfig.builder(spoke, AS_B).passive(true).md5Password("key-of-peer-" + i)
                        .policy(PeerPolicy.defaults()).build());
            }
            center.setPeers(peers);
            long started = System.nanoTime();
            for (int i = 1; i <= PEERS; i++) {
                BgpSpeaker s = BgpSpeaker.start(SpeakerConfig.of(AS_B, RouterId.parse("2.2.2." + i)).withoutListener()
                        .withIoThreads(1));
                spokes.add(s);
                s.setPeers(Set.of(PeerConfig.builder(hub, AS_A).port(center.port())
                        .sourceAddress(IpAddress.parse("127.0.1." + i)).md5Password("key-of-peer-" + i)
                        .backoff(TwoSpeakers.FAST).policy(PeerPolicy.defaults()).build()));
            }
            long up = await(PEERS + " sessions Established", () -> center.peers().stream()
                    .filter(p -> p.state() == SessionState.ESTABLISHED).count(), n -> n == PEERS);
            assertThat(up).isEqualTo(PEERS);
            System.out.printf("%d MD5 sessions Established in %d ms%n", PEERS, (System.nanoTime() - started) / 1_000_000);
        } finally {
            // Each close waits out a quiet period; in parallel, 200 of them take one.
            try (var closers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                spokes.forEach(s -> closers.execute(s::close));
            }
        }
    }

    @Test
    void anOutOfMemoryRefusalNamesTheSysctl() {
        String text = Md5KeyLimit.explain(new RuntimeException("setsockopt() failed: Cannot allocate memory"), 200,
                OptionalLong.of(20480));
        assertThat(text).contains("net.core.optmem_max (20480 bytes) is too low for 200 keys")
                .contains("sysctl -w net.core.optmem_max=");
        assertThat(Md5KeyLimit.explain(new IllegalStateException("bad address"), 1, OptionalLong.of(20480)))
                .doesNotContain("optmem");
    }
}

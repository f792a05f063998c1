package io.flatnet.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.wire.CodecContext;
import io.flatnet.bgp.wire.NotificationCode;
import io.flatnet.bgp.wire.capability.AddPathCapability;
import io.flatnet.bgp.wire.capability.Capability;
import io.flatnet.bgp.wire.capability.ExtendedMessageCapability;
import io.flatnet.bgp.wire.capability.ExtendedNextHopCapability;
import io.flatnet.bgp.wire.capability.FourOctetAsCapability;
import io.flatnet.bgp.wire.capability.GracefulRestartCapability;
import io.flatnet.bgp.wire.capability.MultiprotocolCapability;
import io.flatnet.bgp.wire.message.Open;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenNegotiationTest {
    private static final AddressFamily V4 = AddressFamily.IPV4_UNICAST;
    private static final AddressFamily V6 = AddressFamily.IPV6_UNICAST;
    private static final SpeakerConfig SPEAKER = SpeakerConfig.of(Asn.of(4_200_000_001L), RouterId.parse("1.1.1.1"));

    private static PeerConfig.Builder peer() {
        return PeerConfig.builder("192.0.2.2", 4_200_000_002L);
    }

    private static Open theirs(List<Capability> caps) {
        return Open.of(Asn.of(4_200_000_002L), 90, RouterId.parse("2.2.2.2"), caps);
    }

    @Test
    void ourOpenCarriesTheConfiguredCapabilities() {
        Open open = OpenNegotiation.localOpen(peer().gracefulRestartTime(Duration.ofSeconds(120))
                .addPathReceive(Set.of(V4)).addPathSend(Set.of(V4, V6)).extendedNextHop(true)
                .holdTime(Duration.ofSeconds(30)).build(), SPEAKER);
        assertThat(open.myAutonomousSystem()).isEqualTo(23456); // AS_TRANS for a 4-octet AS
        assertThat(open.asn()).isEqualTo(Asn.of(4_200_000_001L));
        assertThat(open.holdTime()).isEqualTo(30);
        assertThat(open.capabilities(MultiprotocolCapability.class)).extracting(MultiprotocolCapability::family)
                .containsExactly(V4, V6);
        assertThat(open.capability(GracefulRestartCapability.class)).get().satisfies(gr -> {
            assertThat(gr.restartTimeSeconds()).isEqualTo(120);
            assertThat(gr.families()).extracting(GracefulRestartCapability.Family::family).containsExactly(V4, V6);
        });
        assertThat(open.capability(AddPathCapability.class).orElseThrow().entries()).containsExactly(
                new AddPathCapability.Entry(V4, AddPathCapability.Mode.BOTH),
                new AddPathCapability.Entry(V6, AddPathCapability.Mode.SEND));
        assertThat(open.capability(ExtendedMessageCapability.class)).isPresent();
        assertThat(open.capability(ExtendedNextHopCapability.class)).isPresent();
    }

    @Test
    void negotiationIntersectsCapabilities() {
        PeerConfig cfg = peer().addPathReceive(Set.of(V4, V6)).addPathSend(Set.of(V4)).extendedNextHop(true).build();
        Open open = theirs(List.of(new MultiprotocolCapability(V4), new FourOctetAsCapability(Asn.of(4_200_000_002L)),
                new AddPathCapability(List.of(new AddPathCapability.Entry(V4, AddPathCapability.Mode.SEND))),
                new ExtendedMessageCapability(),
                new ExtendedNextHopCapability(List.of(new ExtendedNextHopCapability.Entry(V4, 2)))));
        NegotiatedSession n = OpenNegotiation.negotiate(open, cfg, SPEAKER);
        CodecContext ctx = n.context();
        assertThat(ctx.families()).containsExactly(V4); // they do not do IPv6
        assertThat(ctx.addPathReceive()).containsExactly(V4); // they send, we receive
        assertThat(ctx.addPathSend()).isEmpty(); // they do not receive
        assertThat(ctx.extendedMessages()).isTrue();
        assertThat(ctx.extendedNextHop()).containsExactly(V4);
        assertThat(ctx.fourOctetAs()).isTrue();
        assertThat(ctx.internalPeer()).isFalse();
        assertThat(n.routeRefresh()).isFalse();
    }

    @Test
    void noMultiprotocolCapabilityMeansIpv4UnicastOnly() {
        NegotiatedSession n = OpenNegotiation.negotiate(theirs(List.of()), peer().build(), SPEAKER);
        assertThat(n.context().families()).containsExactly(V4);
        assertThat(n.context().fourOctetAs()).isFalse();
        assertThat(n.context().extendedMessages()).isFalse();
    }

    @Test
    void checks() {
        Open wrongAs = Open.of(Asn.of(65000), 90, RouterId.parse("2.2.2.2"), List.of());
        assertThat(OpenNegotiation.check(wrongAs, peer().build(), SPEAKER)).get()
                .satisfies(e -> assertThat(e.code()).isEqualTo(NotificationCode.BAD_PEER_AS));
        Open inconsistent = new Open(4, 65000, 90, RouterId.parse("2.2.2.2"),
                List.of(new FourOctetAsCapability(Asn.of(4_200_000_002L))));
        assertThat(OpenNegotiation.check(inconsistent, peer().build(), SPEAKER)).get()
                .satisfies(e -> assertThat(e.reason()).contains("disagrees"));
        Open fine = theirs(List.of(new FourOctetAsCapability(Asn.of(4_200_000_002L))));
        assertThat(OpenNegotiation.check(fine, peer().build(), SPEAKER)).isEmpty();
    }
}

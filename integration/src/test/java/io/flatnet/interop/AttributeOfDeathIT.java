package io.flatnet.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.policy.BgpFilter;
import io.flatnet.bgp.policy.FilterRule;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.received.ReceivedRoute;
import io.flatnet.bgp.wire.attribute.UnknownAttribute;
import io.flatnet.lab.BgpConfig;
import io.flatnet.lab.BgpDaemon;
import io.flatnet.lab.DaemonKind;
import io.flatnet.lab.ExaBgp;
import io.flatnet.lab.Family;
import io.flatnet.lab.Lab;
import io.flatnet.lab.Link;
import io.flatnet.lab.Neighbor;
import io.flatnet.lab.Netns;
import io.flatnet.lab.RawAttribute;
import io.flatnet.lab.junit.NetnsTest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The 2023 "attribute of death": an optional transitive attribute flatnet does not interpret
 * (type 29, BGP-LS, with bytes that are not BGP-LS) arrives from exabgp, and flatnet passes it on
 * (RFC 4271 §5, partial bit set) to BIRD, FRR and GoBGP over eBGP. None of the four sessions may
 * reset; what each receiver did with the route and the attribute is pinned below: BIRD and FRR
 * keep the route (BIRD shows the attribute unchanged), GoBGP treats it as withdrawn. Corpus case
 * 125-update-optional-transitive-garbage is the same attribute in flatnet's own decoder, and
 * ExaBgpRfc7606InteropIT checks flatnet keeps it byte for byte.
 */
@NetnsTest(requires = {DaemonKind.EXABGP, DaemonKind.BIRD2, DaemonKind.FRR, DaemonKind.GOBGP})
@ExtendWith(PrintSpeakersOnFailure.class)
class AttributeOfDeathIT {
    static final long AS_EXA = 4_200_000_001L;
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final String PREFIX = "100.64.229.0/24";
    static final String SENTINEL = "100.64.228.0/24";
    static final String GARBAGE = "deadbeef001337ff42";
    static final PeerPolicy EXPORT_ALL = PeerPolicy.of(BgpFilter.named("export-all")
            .exportV4(FilterRule.accept()).exportV6(FilterRule.accept()));

    InProcessSpeaker flatnet;

    @Test
    void nobodyResetsItsSession(Lab lab) {
        Netns exaNs = lab.namespace("exa");
        Link exaLink = lab.linkToHost(exaNs);
        Map<String, Link> links = new LinkedHashMap<>();
        Map<String, BgpDaemon> daemons = new LinkedHashMap<>();
        ExaBgp exa = lab.startExaBgp(exaNs, BgpConfig.of(AS_EXA, exaLink.b().ipv4())
                .withNeighbor(Neighbor.between(exaLink.b(), exaLink.a(), InProcessSpeaker.ASN).asPassive()));
        long as = 4_200_000_010L;
        for (String kind : new String[] {"bird", "frr", "gobgp"}) {
            Netns ns = lab.namespace(kind);
            Link link = lab.linkToHost(ns);
            BgpConfig config = BgpConfig.of(as++, link.b().ipv4()).withNeighbor(Neighbor.between(link.b(), link.a(),
                    InProcessSpeaker.ASN).withFamilies(EnumSet.of(Family.IPV4_UNICAST)).asPassive());
            links.put(kind, link);
            daemons.put(kind, switch (kind) {
                case "bird" -> lab.startBird(ns, config);
                case "frr" -> lab.startFrr(ns, config);
                default -> lab.startGoBgp(ns, config);
            });
        }
        flatnet = InProcessSpeaker.connectOnly(exaLink.a().ipv4());
        flatnet.setPeers(
                InProcessSpeaker.peer(exaLink.b().ipv4(), AS_EXA, exaLink.a().ipv4(), AddressFamily.IPV4_UNICAST).build(),
                peerFor(daemons.get("bird"), links.get("bird")),
                peerFor(daemons.get("frr"), links.get("frr")),
                peerFor(daemons.get("gobgp"), links.get("gobgp")));
        flatnet.awaitEstablished(exaLink.b().ipv4(), PATIENCE);
        Map<String, PeerStatus> before = new LinkedHashMap<>();
        for (var e : daemons.entrySet()) {
            String address = links.get(e.getKey()).b().ipv4();
            before.put(e.getKey(), flatnet.awaitEstablished(address, PATIENCE));
            e.getValue().awaitEstablished(links.get(e.getKey()).a().ipv4(), PATIENCE);
        }

        exa.announce(PREFIX, RawAttribute.of(29, RawAttribute.OPTIONAL | RawAttribute.TRANSITIVE, GARBAGE));
        ReceivedRoute atFlatnet = flatnet.awaitRoute(exaLink.b().ipv4(), PREFIX, PATIENCE);
        assertThat(atFlatnet.attributes().attributes()).contains(new UnknownAttribute(0xc0, 29, Bytes.fromHex(GARBAGE)));
        // A clean route after it: once each daemon has it, it has judged the one before.
        exa.announce(SENTINEL);

        for (var e : daemons.entrySet()) {
            BgpDaemon d = e.getValue();
            d.awaitRoute(SENTINEL, PATIENCE);
            switch (e.getKey()) {
                // BIRD keeps the attribute byte for byte, as its own unknown attribute.
                case "bird" -> assertThat(d.awaitRoute(PREFIX, PATIENCE).unknownAttributes()).containsEntry(29, GARBAGE);
                // FRR's JSON does not list unknown attributes: it keeps the route, which is what is asserted.
                case "frr" -> assertThat(d.awaitRoute(PREFIX, PATIENCE).prefix()).isEqualTo(PREFIX);
                // GoBGP knows type 29 as BGP-LS, which RFC 7752 makes optional non-transitive: it
                // logs "treated as withdraw" (flags invalid) and keeps the session, RFC 7606 style.
                default -> assertThat(d.route(PREFIX)).as("gobgp treats the route as withdrawn").isEmpty();
            }
            String address = links.get(e.getKey()).b().ipv4();
            PeerStatus now = flatnet.status(address).orElseThrow();
            assertThat(now.since()).as(e.getKey() + ": flatnet's session, Established since").isEqualTo(before.get(e.getKey()).since());
            assertThat(now.flaps()).as(e.getKey() + " flaps").isEqualTo(before.get(e.getKey()).flaps());
            assertThat(now.lastNotificationReceived()).as(e.getKey() + " sent no NOTIFICATION").isEmpty();
            assertThat(d.peer(links.get(e.getKey()).a().ipv4()).established()).isTrue();
        }
        PeerStatus exaStatus = flatnet.status(exaLink.b().ipv4()).orElseThrow();
        assertThat(exaStatus.flaps()).isZero();
    }

    @org.junit.jupiter.api.AfterEach
    void stopSpeaker() {
        if (flatnet != null) {
            flatnet.close();
        }
    }

    private static io.flatnet.bgp.session.PeerConfig peerFor(BgpDaemon d, Link link) {
        return InProcessSpeaker.peer(link.b().ipv4(), d.config().asn(), link.a().ipv4(), AddressFamily.IPV4_UNICAST)
                .policy(EXPORT_ALL).build();
    }
}

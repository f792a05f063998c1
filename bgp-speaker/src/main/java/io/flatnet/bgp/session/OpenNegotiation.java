package io.flatnet.bgp.session;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.wire.CodecContext;
import io.flatnet.bgp.wire.NotificationCode;
import io.flatnet.bgp.wire.WireError;
import io.flatnet.bgp.wire.capability.AddPathCapability;
import io.flatnet.bgp.wire.capability.Capability;
import io.flatnet.bgp.wire.capability.EnhancedRouteRefreshCapability;
import io.flatnet.bgp.wire.capability.ExtendedMessageCapability;
import io.flatnet.bgp.wire.capability.ExtendedNextHopCapability;
import io.flatnet.bgp.wire.capability.FourOctetAsCapability;
import io.flatnet.bgp.wire.capability.GracefulRestartCapability;
import io.flatnet.bgp.wire.capability.MultiprotocolCapability;
import io.flatnet.bgp.wire.capability.RouteRefreshCapability;
import io.flatnet.bgp.wire.message.Open;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Our OPEN for a peer, the session-level checks of the peer's OPEN (those the codec cannot make
 * alone: RFC 4271 §6.2 Bad Peer AS, RFC 6286 identifiers, RFC 6793 consistency), and what the two
 * OPENs negotiate.
 */
final class OpenNegotiation {
    private OpenNegotiation() {}

    static int holdSeconds(PeerConfig peer, SpeakerConfig speaker) {
        return (int) peer.holdTime().orElse(speaker.holdTime()).toSeconds();
    }

    static Open localOpen(PeerConfig peer, SpeakerConfig speaker) {
        return localOpen(peer, speaker, false);
    }

    /**
     * @param restarting we are the restarting speaker still deferring (RFC 4724 §4.1): the R bit;
     *                   the F bits say whether forwarding state was kept across the restart
     */
    static Open localOpen(PeerConfig peer, SpeakerConfig speaker, boolean restarting) {
        Asn asn = peer.effectiveLocalAsn(speaker.localAsn());
        List<Capability> caps = new ArrayList<>();
        for (AddressFamily f : sorted(peer.families())) {
            caps.add(new MultiprotocolCapability(f));
        }
        if (peer.routeRefresh()) {
            caps.add(new RouteRefreshCapability());
            caps.add(new EnhancedRouteRefreshCapability());
        }
        caps.add(new FourOctetAsCapability(asn));
        peer.gracefulRestartTime().ifPresent(t -> caps.add(new GracefulRestartCapability(restarting, true,
                (int) t.toSeconds(),
                sorted(peer.families()).stream()
                        .map(f -> new GracefulRestartCapability.Family(f, speaker.restarting())).toList())));
        if (peer.extendedMessages()) {
            caps.add(new ExtendedMessageCapability());
        }
        List<AddPathCapability.Entry> addPath = new ArrayList<>();
        for (AddressFamily f : sorted(peer.families())) {
            boolean rx = peer.addPathReceive().contains(f);
            boolean tx = peer.addPathSend().contains(f);
            if (rx || tx) {
                addPath.add(new AddPathCapability.Entry(f, rx && tx ? AddPathCapability.Mode.BOTH
                        : rx ? AddPathCapability.Mode.RECEIVE : AddPathCapability.Mode.SEND));
            }
        }
        if (!addPath.isEmpty()) {
            caps.add(new AddPathCapability(addPath));
        }
        if (peer.extendedNextHop() && peer.families().contains(AddressFamily.IPV4_UNICAST)) {
            caps.add(new ExtendedNextHopCapability(
                    List.of(new ExtendedNextHopCapability.Entry(AddressFamily.IPV4_UNICAST, Afi.IPV6.code()))));
        }
        return Open.of(asn, holdSeconds(peer, speaker), speaker.routerId(), caps);
    }

    /** Why the peer's OPEN is refused, or empty when it is acceptable. */
    static Optional<WireError> check(Open open, PeerConfig peer, SpeakerConfig speaker) {
        Optional<FourOctetAsCapability> four = open.capability(FourOctetAsCapability.class);
        if (four.isPresent()) {
            Asn real = four.get().asn();
            int expectedField = real.twoOctetValue();
            if (open.myAutonomousSystem() != expectedField) {
                // RFC 6793 §4.2: the 2-octet field must be the AS itself, or AS_TRANS for a 4-octet AS.
                return Optional.of(WireError.reset(NotificationCode.BAD_PEER_AS, "My Autonomous System "
                        + open.myAutonomousSystem() + " disagrees with the 4-octet AS capability " + real));
            }
        }
        Asn asn = open.asn();
        if (!asn.equals(peer.remoteAsn())) {
            return Optional.of(WireError.reset(NotificationCode.BAD_PEER_AS,
                    "peer announced AS" + asn + ", configured AS" + peer.remoteAsn()));
        }
        Asn local = peer.effectiveLocalAsn(speaker.localAsn());
        // RFC 6286 §2.2: identifiers must differ within an AS; between ASes they may be equal.
        if (asn.equals(local) && open.bgpIdentifier().equals(speaker.routerId())) {
            return Optional.of(WireError.reset(NotificationCode.BAD_BGP_IDENTIFIER,
                    "iBGP peer uses our own BGP identifier " + speaker.routerId()));
        }
        return Optional.empty();
    }

    static NegotiatedSession negotiate(Open open, PeerConfig peer, SpeakerConfig speaker) {
        Set<AddressFamily> theirs = new HashSet<>();
        open.capabilities(MultiprotocolCapability.class).forEach(c -> theirs.add(c.family()));
        if (theirs.isEmpty()) {
            theirs.add(AddressFamily.IPV4_UNICAST); // RFC 4760 §8: no capability means IPv4 unicast only
        }
        Set<AddressFamily> families = new HashSet<>(peer.families());
        families.retainAll(theirs);

        Map<AddressFamily, AddPathCapability.Mode> theirAddPath = new HashMap<>();
        open.capability(AddPathCapability.class).ifPresent(c -> c.entries().forEach(e -> theirAddPath.put(e.family(), e.mode())));
        Set<AddressFamily> receive = new HashSet<>();
        Set<AddressFamily> send = new HashSet<>();
        for (AddressFamily f : families) {
            AddPathCapability.Mode mode = theirAddPath.get(f);
            if (mode == null) {
                continue;
            }
            // RFC 7911 §5: we receive path ids where we asked to receive and the peer offers to send.
            if (peer.addPathReceive().contains(f) && mode.sends()) {
                receive.add(f);
            }
            if (peer.addPathSend().contains(f) && mode.receives()) {
                send.add(f);
            }
        }
        Set<AddressFamily> extendedNextHop = new HashSet<>();
        if (peer.extendedNextHop() && families.contains(AddressFamily.IPV4_UNICAST)) {
            open.capability(ExtendedNextHopCapability.class).ifPresent(c -> c.entries().stream()
                    .filter(e -> e.family().equals(AddressFamily.IPV4_UNICAST) && e.nextHopAfi() == Afi.IPV6.code())
                    .findAny().ifPresent(e -> extendedNextHop.add(AddressFamily.IPV4_UNICAST)));
        }
        boolean fourOctet = open.capability(FourOctetAsCapability.class).isPresent();
        boolean extendedMessages = peer.extendedMessages() && open.capability(ExtendedMessageCapability.class).isPresent();
        boolean internal = peer.isInternal(speaker.localAsn());
        CodecContext context = new CodecContext(fourOctet, extendedMessages, receive, send, extendedNextHop, families, internal);
        boolean refresh = peer.routeRefresh() && open.capability(RouteRefreshCapability.class).isPresent();
        boolean enhanced = refresh && open.capability(EnhancedRouteRefreshCapability.class).isPresent();
        boolean gr = open.capability(GracefulRestartCapability.class).isPresent();
        return new NegotiatedSession(context, open.capabilities(), refresh, enhanced, gr);
    }

    private static List<AddressFamily> sorted(Set<AddressFamily> families) {
        List<AddressFamily> out = new ArrayList<>(families);
        out.sort((a, b) -> a.afi() != b.afi() ? Integer.compare(a.afi(), b.afi()) : Integer.compare(a.safi(), b.safi()));
        return out;
    }
}

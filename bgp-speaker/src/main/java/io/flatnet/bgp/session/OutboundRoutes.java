package io.flatnet.bgp.session;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.wire.CodecContext;
import io.flatnet.bgp.wire.UpdatePacker;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.Communities;
import io.flatnet.bgp.wire.attribute.LargeCommunities;
import io.flatnet.bgp.wire.attribute.LocalPref;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.message.BgpMessage;
import io.flatnet.bgp.wire.message.RouteRefresh;
import io.flatnet.bgp.wire.message.Update;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Adj-RIB-Out of one established session: what we have told the peer, and the prefixes whose
 * advertisement still has to change. Changes are coalesced per prefix, so however often the
 * desired set changes while the peer is slow, the backlog is bounded by the number of prefixes;
 * messages are built in chunks and only while the channel is writable (netty's water marks), so
 * the per-peer outbound buffer stays bounded too. Runs on the session's event loop.
 */
final class OutboundRoutes {
    /** Prefixes per building round: a few UPDATEs' worth, small against the write buffer's high mark. */
    static final int CHUNK = 1024;
    static final long LOCAL_PREF = 100;

    /** Where messages go. */
    interface Sink {
        void write(BgpMessage message);

        void flush();

        boolean writable();
    }

    private final Sink sink;
    private final CodecContext context;
    private final Set<AddressFamily> families;
    private final Asn localAsn;
    private final boolean internal;
    private final IpAddress localAddress;
    private final Map<IpPrefix, Advertisement> sent = new HashMap<>();
    private final Set<IpPrefix> dirty = new LinkedHashSet<>();
    private Map<IpPrefix, Advertisement> desired = Map.of();
    private boolean endOfRibSent;

    OutboundRoutes(Sink sink, CodecContext context, Set<AddressFamily> families, Asn localAsn, boolean internal,
            IpAddress localAddress) {
        this.sink = sink;
        this.context = context;
        this.families = families;
        this.localAsn = localAsn;
        this.internal = internal;
        this.localAddress = localAddress;
    }

    int advertised() {
        return sent.size();
    }

    /** Replaces what should be advertised and sends the difference as the channel allows. */
    void setDesired(Map<IpPrefix, Advertisement> next) {
        for (IpPrefix p : sent.keySet()) {
            if (!next.containsKey(p)) {
                dirty.add(p);
            }
        }
        for (Map.Entry<IpPrefix, Advertisement> e : next.entrySet()) {
            if (!e.getValue().equals(sent.get(e.getKey()))) {
                dirty.add(e.getKey());
            }
        }
        desired = next;
        pump();
    }

    /**
     * Sends pending changes while the channel is writable; called again when it becomes writable.
     * After the initial advertisement drains, sends End-of-RIB for every family (RFC 4724 §2).
     */
    void pump() {
        while (!dirty.isEmpty() && sink.writable()) {
            List<IpPrefix> chunk = new ArrayList<>(Math.min(CHUNK, dirty.size()));
            Iterator<IpPrefix> it = dirty.iterator();
            while (it.hasNext() && chunk.size() < CHUNK) {
                chunk.add(it.next());
                it.remove();
            }
            sendChunk(chunk);
            sink.flush();
        }
        if (dirty.isEmpty() && !endOfRibSent) {
            endOfRibSent = true;
            for (AddressFamily f : families) {
                sink.write(Update.endOfRib(f));
            }
            sink.flush();
        }
    }

    /**
     * Answers a ROUTE-REFRESH for {@code family} by sending everything advertised in it again,
     * between BoRR and EoRR markers when enhanced route refresh is negotiated (RFC 7313 §4).
     */
    void refresh(AddressFamily family, boolean enhanced) {
        if (enhanced) {
            sink.write(new RouteRefresh(family, RouteRefresh.BEGIN_OF_ROUTE_REFRESH));
        }
        Map<List<PathAttribute>, NlriList.Builder> groups = new LinkedHashMap<>();
        Afi afi = family.knownAfi();
        for (Advertisement a : sent.values()) {
            if (AddressFamily.unicast(a.prefix().afi()).equals(family)) {
                List<PathAttribute> attrs = attributes(a, family);
                groups.computeIfAbsent(attrs, k -> NlriList.builder(afi, context.sendsPathIds(family))).add(1, a.prefix());
            }
        }
        groups.forEach((attrs, nlri) -> UpdatePacker.announce(attrs, nlri.build(), context).forEach(sink::write));
        if (enhanced) {
            sink.write(new RouteRefresh(family, RouteRefresh.END_OF_ROUTE_REFRESH));
        }
        sink.flush();
    }

    private void sendChunk(List<IpPrefix> chunk) {
        Map<AddressFamily, NlriList.Builder> withdrawals = new LinkedHashMap<>();
        Map<AddressFamily, Map<List<PathAttribute>, NlriList.Builder>> announcements = new LinkedHashMap<>();
        for (IpPrefix p : chunk) {
            AddressFamily family = AddressFamily.unicast(p.afi());
            boolean sendsIds = context.sendsPathIds(family);
            Advertisement want = families.contains(family) ? desired.get(p) : null;
            List<PathAttribute> attrs = want == null ? null : attributes(want, family);
            if (attrs == null) {
                if (sent.remove(p) != null) {
                    withdrawals.computeIfAbsent(family, f -> NlriList.builder(p.afi(), sendsIds)).add(1, p);
                }
                continue;
            }
            sent.put(p, want);
            announcements.computeIfAbsent(family, f -> new LinkedHashMap<>())
                    .computeIfAbsent(attrs, k -> NlriList.builder(p.afi(), sendsIds)).add(1, p);
        }
        withdrawals.forEach((family, nlri) -> UpdatePacker.withdraw(family, nlri.build(), context).forEach(sink::write));
        announcements.forEach((family, groups) -> groups.forEach(
                (attrs, nlri) -> UpdatePacker.announce(attrs, nlri.build(), context).forEach(sink::write)));
    }

    /**
     * The attributes of a locally originated route on this session, or {@code null} when the
     * session has no next hop for the family (IPv4 routes on an IPv6 session without RFC 8950).
     */
    List<PathAttribute> attributes(Advertisement a, AddressFamily family) {
        List<PathAttribute> attrs = new ArrayList<>(6);
        attrs.add(Origin.IGP);
        attrs.add(internal ? AsPath.EMPTY : AsPath.sequence(localAsn));
        if (family.equals(AddressFamily.IPV4_UNICAST)) {
            if (localAddress.isV4()) {
                attrs.add(new NextHop(localAddress));
            } else if (context.extendedNextHop().contains(family)) {
                attrs.add(mpReach(family));
            } else {
                return null;
            }
        } else {
            attrs.add(mpReach(family));
        }
        if (internal) {
            attrs.add(new LocalPref(LOCAL_PREF));
        }
        if (!a.communities().isEmpty()) {
            attrs.add(new Communities(a.communities()));
        }
        if (!a.largeCommunities().isEmpty()) {
            attrs.add(new LargeCommunities(a.largeCommunities()));
        }
        return attrs;
    }

    /**
     * MP_REACH_NLRI template with the session's own address as next hop: over IPv4 an IPv4-mapped
     * IPv6 address; over a link-local IPv6 session the link-local address goes in both fields,
     * since the session knows no global address of the interface.
     */
    private MpReachNlri mpReach(AddressFamily family) {
        IpAddress nextHop = localAddress.isV4() ? Addresses.v4Mapped(localAddress) : localAddress;
        IpAddress linkLocal = localAddress.isLinkLocal() ? localAddress : null;
        return new MpReachNlri(family, nextHop, linkLocal, NlriList.empty(family.knownAfi()));
    }
}

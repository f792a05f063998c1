package io.flatnet.bgp.session;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.policy.NextHopMode;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.rib.BestPathResult;
import io.flatnet.bgp.rib.LocRib;
import io.flatnet.bgp.rib.Path;
import io.flatnet.bgp.rib.Rib;
import io.flatnet.bgp.rib.RouteSource;
import io.flatnet.bgp.wire.CodecContext;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peers that would be sent the same bytes: equal {@link Key}s. The group keeps one Adj-RIB-Out
 * (what its members are to have), turns Loc-RIB changes into the difference ({@link UpdateBatch}),
 * encodes that once, in parts by source peer, and gives each member retained slices of the
 * buffer: all of it, or for a member that is the source of some of the batch's routes all but its
 * own part (a route is never sent back to the peer it came from, nor its withdrawal; see
 * {@link UpdateBatch.Parts}). The catch-up of a member that fell behind or just joined is encoded
 * per member. RIB thread only.
 */
final class UpdateGroup {

    /**
     * What makes two sessions' UPDATE streams identical.
     *
     * @param self            the session's local address: the next hop when we set ourselves
     * @param ipv4NextHop     our next hop for IPv4 routes when {@code self} is IPv6 (see
     *                        {@link PeerConfig#ipv4NextHop()})
     * @param ipv6NextHop     our next hop for IPv6 routes when {@code self} is IPv4 (see
     *                        {@link PeerConfig#ipv6NextHop()})
     * @param reflectorClient the peers are our route-reflector clients (iBGP only)
     * @param peerAs          the peers' AS for iBGP (ours); for eBGP the first member's, as a
     *                        representative: eBGP peers of different ASes share a group
     */
    record Key(PeerPolicy policy, CodecContext context, boolean internal, Asn localAsn, NextHopMode nextHop,
            IpAddress self, java.util.Optional<IpAddress> ipv4NextHop, java.util.Optional<IpAddress> ipv6NextHop,
            boolean reflectorClient, Set<AddressFamily> families, Asn peerAs) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && policy.equals(k.policy) && context.equals(k.context) && internal == k.internal
                    && localAsn.equals(k.localAsn) && nextHop == k.nextHop && self.equals(k.self)
                    && ipv4NextHop.equals(k.ipv4NextHop) && ipv6NextHop.equals(k.ipv6NextHop)
                    && reflectorClient == k.reflectorClient && families.equals(k.families);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(policy, context, internal, localAsn, nextHop, self, ipv4NextHop, ipv6NextHop,
                    reflectorClient, families);
        }
    }

    /** One path in the Adj-RIB-Out: its add-path id (0 without add-path), wire attributes and the peer it came from (null: local). */
    record Out(long pathId, List<PathAttribute> attributes, IpAddress source) {}

    private final Key key;
    private final Exporter exporter;
    private final Exporter.ForGroup export;
    private final Rib rib;
    private final AtomicLong encodes;
    private final java.util.function.Consumer<SpeakerRib.Member> fellBehind;
    private final List<SpeakerRib.Member> members = new ArrayList<>();
    /** The Adj-RIB-Out, per family. */
    private final OutColumn[] adjRibOut;
    private final boolean[] addPath = new boolean[Afi.values().length];
    private final IdentityHashMap<List<PathAttribute>, Map<IpAddress, Out[]>> singles = new IdentityHashMap<>();
    /** The last answer of {@link #single}, by identity of its arguments. */
    private List<PathAttribute> lastAttrs;
    private IpAddress lastSource;
    private Out[] lastSingle;

    UpdateGroup(Key key, Exporter exporter, Rib rib, AtomicLong encodes, java.util.function.Consumer<SpeakerRib.Member> fellBehind) {
        this.fellBehind = fellBehind;
        this.key = key;
        this.exporter = exporter;
        this.export = exporter.new ForGroup(key);
        this.rib = rib;
        this.encodes = encodes;
        this.adjRibOut = new OutColumn[] {new OutColumn(rib.locRib(Afi.IPV4)), new OutColumn(rib.locRib(Afi.IPV6))};
        for (Afi afi : Afi.values()) {
            addPath[afi.ordinal()] = key.context().sendsPathIds(AddressFamily.unicast(afi));
        }
        for (AddressFamily f : key.families()) {
            if (f.isSupported()) {
                OutColumn column = adjRibOut[f.knownAfi().ordinal()];
                LocRib loc = rib.locRib(f.knownAfi());
                loc.forEachBestId(id -> {
                    Out[] out = export(loc.prefixOf(id), loc.bestOf(id));
                    if (out != null) {
                        column.set(id, out);
                    }
                });
            }
        }
    }

    Key key() {
        return key;
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    int size() {
        return members.size();
    }

    void join(SpeakerRib.Member m) {
        members.add(m);
        m.group = this;
        for (OutColumn t : adjRibOut) {
            if (t.size() > 0) {
                m.dumps.add(t.keys());
            }
        }
        m.behind = true;
        m.advertised = advertised();
    }

    private int advertised() {
        return adjRibOut[0].size() + adjRibOut[1].size();
    }

    void leave(SpeakerRib.Member m) {
        members.remove(m);
    }

    /** Every prefix of {@code family} goes to the member again (route refresh). */
    void markAll(SpeakerRib.Member m, AddressFamily family) {
        OutColumn t = adjRibOut[family.knownAfi().ordinal()];
        if (t.size() > 0) {
            m.dumps.add(t.keys());
        }
        m.behind = true;
    }

    /**
     * The Loc-RIB of {@code afi} changed for the prefixes {@code prefixIds[0, count)} (ids as
     * {@link LocRib#idOf} gives them; repeats allowed): send the members the difference.
     */
    void update(Afi afi, int[] prefixIds, int count) {
        if (!key.families().contains(AddressFamily.unicast(afi))) {
            return;
        }
        LocRib loc = rib.locRib(afi);
        OutColumn column = adjRibOut[afi.ordinal()];
        // The batch names prefixes by id: no IpPrefix per change (ids stay readable until the flush ends).
        UpdateBatch batch = new UpdateBatch(key.context(), addPath, encodes, UpdateBatch.Prefixes.byId(loc),
                Math.min(count, 2 * SpeakerRib.FLUSH_NOW));
        boolean withPathIds = addPath[afi.ordinal()];
        for (int i = 0; i < count; i++) {
            int id = prefixIds[i];
            Out[] now = withPathIds ? export(loc.prefixOf(id), loc.bestOf(id)) : exportBest(loc, id);
            Out[] before = column.set(id, now);
            if (!Arrays.equals(before, now)) {
                batch.change(id, afi, before, now);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        UpdateBatch.Parts parts = null; // encoded when the first member that is not behind needs it
        List<IpPrefix> dirty = null;
        try {
            for (SpeakerRib.Member m : members) {
                m.advertised = advertised();
                if (m.behind || !m.canWrite()) {
                    batch.rememberWithdrawals(m); // it catches up from the Adj-RIB-Out later
                    if (dirty == null) {
                        dirty = batch.changedPrefixes();
                    }
                    SpeakerRib.markDirty(m, dirty);
                    fellBehind.accept(m);
                    continue;
                }
                if (parts == null) {
                    parts = batch.encodeParts();
                }
                UpdateBatch.Encoded e = batch.sources.contains(m.address)
                        ? parts.allBut(m.address, batch.ownWithdrawals(m.address))
                        : parts.all();
                m.send(e.bytes(), e.updates());
            }
        } finally {
            if (parts != null) {
                parts.release();
            }
        }
    }

    /** Sends the member the group's current routes for {@code prefixes} (catch-up, refresh, initial table). */
    void sendTo(SpeakerRib.Member m, List<IpPrefix> prefixes) {
        UpdateBatch batch = new UpdateBatch(key.context(), addPath, encodes, UpdateBatch.Prefixes.inList(prefixes),
                Math.min(prefixes.size(), 2 * SpeakerRib.FLUSH_NOW));
        for (int i = 0; i < prefixes.size(); i++) {
            IpPrefix p = prefixes.get(i);
            Set<Long> gone = m.withdrawnIds.remove(p);
            int id = rib.locRib(p.afi()).idOf(p);
            Out[] now = id < 0 ? null : adjRibOut[p.afi().ordinal()].get(id);
            batch.catchUp(i, p.afi(), now, gone);
        }
        UpdateBatch.Encoded e = batch.encode(m.address);
        m.send(e.bytes(), e.updates());
    }

    /** {@link #export(IpPrefix, BestPathResult)} without add-path, for the prefix {@code id} of {@code loc}. */
    private Out[] exportBest(LocRib loc, int id) {
        RouteAttributes best = loc.bestAttributesOf(id);
        if (best == null) {
            return null;
        }
        RouteSource from = loc.bestSourceOf(id);
        List<PathAttribute> attrs = export.export(loc, id, best, from);
        return attrs == null ? null : single(attrs, sourceOf(from));
    }

    private Out[] export(IpPrefix p, BestPathResult r) {
        if (!r.hasBest()) {
            return null;
        }
        if (!addPath[p.afi().ordinal()]) {
            List<PathAttribute> attrs = export.export(p, r.best().get());
            return attrs == null ? null : single(attrs, sourceOf(r.best().get()));
        }
        List<Out> outs = new ArrayList<>(r.ecmp().size());
        for (Path path : r.ecmp()) {
            List<PathAttribute> attrs = export.export(p, path);
            if (attrs != null) {
                outs.add(new Out(exporter.pathId(path), attrs, sourceOf(path)));
            }
        }
        return outs.isEmpty() ? null : outs.toArray(new Out[0]);
    }

    /**
     * The one-path entry for these attributes and source, shared by every prefix that has it: the
     * Adj-RIB-Out then costs a map entry per prefix, not three objects. Entries are never changed.
     */
    private Out[] single(List<PathAttribute> attrs, IpAddress source) {
        if (attrs == lastAttrs && source == lastSource) {
            return lastSingle; // the usual case: a burst's prefixes come in runs with one attribute set
        }
        lastAttrs = attrs;
        lastSource = source;
        lastSingle = singleFromMap(attrs, source);
        return lastSingle;
    }

    private Out[] singleFromMap(List<PathAttribute> attrs, IpAddress source) {
        if (singles.size() >= 65_536) {
            singles.clear();
        }
        // Plain lookups: a capturing lambda here would be allocated once per exported prefix.
        Map<IpAddress, Out[]> bySource = singles.get(attrs);
        if (bySource == null) {
            bySource = new HashMap<>(2);
            singles.put(attrs, bySource);
        }
        Out[] out = bySource.get(source);
        if (out == null) {
            out = new Out[] {new Out(0, attrs, source)};
            bySource.put(source, out);
        }
        return out;
    }

    private static IpAddress sourceOf(Path path) {
        return sourceOf(path.source());
    }

    private static IpAddress sourceOf(RouteSource source) {
        return source.isLocal() ? null : source.peerAddress();
    }
}

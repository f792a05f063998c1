package io.flatnet.bgp.session;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.policy.NextHopMode;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.rib.BestPathResult;
import io.flatnet.bgp.rib.LocRib;
import io.flatnet.bgp.rib.Path;
import io.flatnet.bgp.rib.Rib;
import io.flatnet.bgp.rib.RouteSource;
import io.flatnet.bgp.wire.CodecContext;
import io.flatnet.bgp.wire.MessageEncoder;
import io.flatnet.bgp.wire.UpdatePacker;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peers that would be sent the same bytes: equal {@link Key}s. The group keeps one Adj-RIB-Out
 * (what its members are to have), turns Loc-RIB changes into the difference, encodes that once
 * and gives each member a retained duplicate of the buffer. A batch that carries a member's own
 * routes (never sent back to the peer they came from: that member gets them as withdrawals, if
 * at all) or withdraws them (the member was never sent them, so it gets nothing) is also encoded
 * once more, in parts by source, and such a member gets all parts but its own. The catch-up of a member that fell behind or just joined is encoded per member. RIB thread only.
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
        Batch batch = new Batch(new PrefixesById(loc), Math.min(count, 2 * SpeakerRib.FLUSH_NOW));
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
        Parts parts = null; // encoded when the first member that is not behind needs it
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
                Encoded e = batch.sources.contains(m.address)
                        ? parts.allBut(m.address, batch.ownWithdrawals(m.address, parts))
                        : parts.all();
                m.send(e.bytes, e.updates);
            }
        } finally {
            if (parts != null) {
                parts.release();
            }
        }
    }

    /** Sends the member the group's current routes for {@code prefixes} (catch-up, refresh, initial table). */
    void sendTo(SpeakerRib.Member m, List<IpPrefix> prefixes) {
        Batch batch = new Batch(new PrefixList(prefixes), Math.min(prefixes.size(), 2 * SpeakerRib.FLUSH_NOW));
        for (int i = 0; i < prefixes.size(); i++) {
            IpPrefix p = prefixes.get(i);
            Set<Long> gone = m.withdrawnIds.remove(p);
            int id = rib.locRib(p.afi()).idOf(p);
            Out[] now = id < 0 ? null : adjRibOut[p.afi().ordinal()].get(id);
            batch.catchUp(i, p.afi(), now, gone);
        }
        Encoded e = batch.encode(m.address);
        m.send(e.bytes, e.updates);
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

    private record Encoded(ByteBuf bytes, int updates) {}

    /** A growing list of ints, {@code values[0, count)}. */
    private static final class Ints {
        int[] values;
        int count;

        Ints(int capacity) {
            values = new int[Math.max(1, capacity)];
        }

        void add(int value) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = value;
        }

        int get(int i) {
            return values[i];
        }
    }

    /**
     * The prefixes of a batch's changes, each named by an int handle: a Loc-RIB prefix id in a
     * flush (no {@link IpPrefix} made per change), a list index in a catch-up.
     */
    private interface Prefixes {
        Afi afi(int handle);

        IpPrefix prefix(int handle);

        /** Adds the prefix to {@code b} with {@code pathId}. */
        void addTo(NlriList.Builder b, long pathId, int handle);
    }

    /** Handles are prefix ids of one Loc-RIB, all readable until the flush is over (see {@link LocRib#releaseRetired()}). */
    private record PrefixesById(LocRib loc) implements Prefixes {
        @Override
        public Afi afi(int id) {
            return loc.afi();
        }

        @Override
        public IpPrefix prefix(int id) {
            return loc.prefixOf(id);
        }

        @Override
        public void addTo(NlriList.Builder b, long pathId, int id) {
            loc.addPrefixTo(b, pathId, id);
        }
    }

    /** Handles are indices into a list. */
    private record PrefixList(List<IpPrefix> list) implements Prefixes {
        @Override
        public Afi afi(int index) {
            return list.get(index).afi();
        }

        @Override
        public IpPrefix prefix(int index) {
            return list.get(index);
        }

        @Override
        public void addTo(NlriList.Builder b, long pathId, int index) {
            b.add(pathId, list.get(index));
        }
    }

    /**
     * A batch encoded once, in one buffer, as consecutive parts: first the withdrawals and
     * announcements of local routes, then those of each source peer's routes. A member that is no
     * source gets the whole buffer; a source member gets it without its own part, as the two slices
     * around it (plus its own routes that become withdrawals, see {@link Batch#ownWithdrawals}).
     * Two slices per member, however many sources: after a burst every client of a route reflector
     * is a source, and building each one's stream from the others' parts cost a component per
     * source per member.
     */
    private static final class Parts {
        final ByteBuf bytes;
        final int updates;
        /** Per source, the indices of its withdrawals and announcements in the batch. */
        final Map<IpAddress, SourcePart> indices;
        /** Per source, where its part lies in {@link #bytes}. */
        final Map<IpAddress, Span> spans;

        /** A part's bytes {@code [start, end)} and how many UPDATEs they hold. */
        record Span(int start, int end, int updates) {}

        Parts(ByteBuf bytes, int updates, Map<IpAddress, SourcePart> indices, Map<IpAddress, Span> spans) {
            this.bytes = bytes;
            this.updates = updates;
            this.indices = indices;
            this.spans = spans;
        }

        /** Everything, for a member that is the source of none of the batch's routes. */
        Encoded all() {
            return new Encoded(bytes.retainedDuplicate(), updates);
        }

        /**
         * Everything but {@code member}'s own part, after {@code own} (its own routes that become
         * withdrawals), without copying. The withdrawal of a route the member sent is left out
         * with its part: it was never sent that route.
         */
        Encoded allBut(IpAddress member, Encoded own) {
            Span mine = spans.get(member);
            if (mine == null) {
                return new Encoded(concat(own.bytes(), bytes.retainedDuplicate()), own.updates() + updates);
            }
            CompositeByteBuf out = ByteBufAllocator.DEFAULT.compositeBuffer(3);
            addIfAny(out, own.bytes());
            addIfAny(out, bytes.retainedSlice(0, mine.start()));
            addIfAny(out, bytes.retainedSlice(mine.end(), bytes.writerIndex() - mine.end()));
            return new Encoded(out, own.updates() + updates - mine.updates());
        }

        private static ByteBuf concat(ByteBuf first, ByteBuf second) {
            CompositeByteBuf out = ByteBufAllocator.DEFAULT.compositeBuffer(2);
            addIfAny(out, first);
            addIfAny(out, second);
            return out;
        }

        private static void addIfAny(CompositeByteBuf out, ByteBuf part) {
            if (part.isReadable()) {
                out.addComponent(true, part);
            } else {
                part.release();
            }
        }

        void release() {
            bytes.release();
        }
    }

    /** The indices of a batch's withdrawals and announcements of routes from one source peer. */
    private record SourcePart(Ints withdrawals, Ints announcements) {
        SourcePart() {
            this(new Ints(16), new Ints(16));
        }
    }

    /**
     * Changes to send: withdrawals as (prefix, path id) and announcements as {@link Out}s, the
     * prefixes as handles into {@link #prefixes}.
     */
    private final class Batch {
        final Prefixes prefixes;
        final Ints withdrawn;
        /** Per withdrawal, its add-path id (unsigned 32 bits; 0 without add-path). */
        final Ints withdrawnPathIds;
        /** Per withdrawal, the peer the withdrawn route came from (null: local, or not known). */
        IpAddress[] withdrawnSource;
        final Ints announcedPrefixes;
        Out[] announced;
        /** Per announcement: whether its source peer may hold an older route for the prefix (then it gets a withdrawal). */
        boolean[] sourceMayHaveOlder;
        /** The peers the batch's routes (announced or withdrawn) came from. */
        final Set<IpAddress> sources = new HashSet<>();
        /** The source last added to {@link #sources}: changes come in runs from one peer. */
        private IpAddress lastAddedSource;

        /**
         * Sized for {@code expected} changes up front (callers cap it at twice a burst's flush, which
         * overshoots {@link SpeakerRib#FLUSH_NOW} by up to one UPDATE): a burst's batch holds
         * thousands, and growing its lists step by step was a fifth of the bytes a full-table load
         * allocated. A bigger flush (a session's table dropped at once) grows them.
         */
        Batch(Prefixes prefixes, int expected) {
            this.prefixes = prefixes;
            int n = Math.max(expected, 4);
            withdrawn = new Ints(n);
            withdrawnPathIds = new Ints(n);
            withdrawnSource = new IpAddress[n];
            announcedPrefixes = new Ints(n);
            announced = new Out[n];
            sourceMayHaveOlder = new boolean[n];
        }

        /** True when the batch sends nothing: every change left the members' routes as they were. */
        boolean isEmpty() {
            return withdrawn.count == 0 && announcedPrefixes.count == 0;
        }

        /**
         * The prefixes the batch withdraws or announces, made now, for a member that fell behind
         * (rare); a prefix both withdrawn and announced (add-path) comes twice.
         */
        List<IpPrefix> changedPrefixes() {
            List<IpPrefix> out = new ArrayList<>(withdrawn.count + announcedPrefixes.count);
            for (int i = 0; i < withdrawn.count; i++) {
                out.add(prefixes.prefix(withdrawn.get(i)));
            }
            for (int i = 0; i < announcedPrefixes.count; i++) {
                out.add(prefixes.prefix(announcedPrefixes.get(i)));
            }
            return out;
        }

        void change(int prefix, Afi afi, Out[] before, Out[] now) {
            if (!addPath[afi.ordinal()]) {
                if (now == null) {
                    withdraw(prefix, 0, before[0].source());
                } else {
                    // the route's own source had the old route unless that came from it too
                    announce(prefix, now[0], before != null && !java.util.Objects.equals(before[0].source(), now[0].source()));
                }
                return;
            }
            if (before != null) {
                for (Out b : before) {
                    if (now == null || Arrays.stream(now).noneMatch(n -> n.pathId() == b.pathId())) {
                        withdraw(prefix, b.pathId(), b.source());
                    }
                }
            }
            if (now != null) {
                for (Out n : now) {
                    if (before == null || Arrays.stream(before).noneMatch(n::equals)) {
                        announce(prefix, n, false); // a peer is never sent its own paths, under any id
                    }
                }
            }
        }

        void catchUp(int prefix, Afi afi, Out[] now, Set<Long> gone) {
            if (!addPath[afi.ordinal()]) {
                if (now == null) {
                    withdraw(prefix, 0, null);
                } else {
                    announce(prefix, now[0], true);
                }
                return;
            }
            if (gone != null) {
                for (long id : gone) {
                    if (now == null || Arrays.stream(now).noneMatch(n -> n.pathId() == id)) {
                        withdraw(prefix, id, null);
                    }
                }
            }
            if (now != null) {
                for (Out n : now) {
                    announce(prefix, n, false);
                }
            }
        }

        /** A member skipping this batch must still withdraw the add-path ids it carries. */
        void rememberWithdrawals(SpeakerRib.Member m) {
            for (int i = 0; i < withdrawn.count; i++) {
                IpPrefix p = prefixes.prefix(withdrawn.get(i));
                if (addPath[p.afi().ordinal()]) {
                    m.withdrawnIds.computeIfAbsent(p, k -> new HashSet<>()).add(pathIdOf(withdrawnPathIds, i));
                }
            }
        }

        private static long pathIdOf(Ints pathIds, int i) {
            return Integer.toUnsignedLong(pathIds.get(i));
        }

        /** A withdrawal of the route {@code source} sent (null: local, or not known). */
        private void withdraw(int prefix, long pathId, IpAddress source) {
            int i = withdrawn.count;
            if (i == withdrawnSource.length) {
                withdrawnSource = Arrays.copyOf(withdrawnSource, i * 2);
            }
            withdrawn.add(prefix);
            withdrawnPathIds.add((int) pathId);
            withdrawnSource[i] = source;
            addSource(source);
        }

        private void addSource(IpAddress source) {
            if (source != null && source != lastAddedSource) {
                sources.add(source);
                lastAddedSource = source;
            }
        }

        private void announce(int prefix, Out out, boolean withdrawFromSource) {
            int i = announcedPrefixes.count;
            if (i == announced.length) {
                announced = Arrays.copyOf(announced, i * 2);
                sourceMayHaveOlder = Arrays.copyOf(sourceMayHaveOlder, i * 2);
            }
            announcedPrefixes.add(prefix);
            announced[i] = out;
            sourceMayHaveOlder[i] = withdrawFromSource;
            addSource(out.source());
        }

        private NlriList.Builder withdrawalsOf(Map<Afi, NlriList.Builder> withdrawals, Afi afi) {
            NlriList.Builder b = withdrawals.get(afi);
            if (b == null) {
                b = NlriList.builder(afi, addPath[afi.ordinal()], Math.max(16, withdrawn.count));
                withdrawals.put(afi, b);
            }
            return b;
        }

        private NlriList.Builder builderFor(Map<Afi, IdentityHashMap<List<PathAttribute>, NlriList.Builder>> announcements,
                Afi afi, List<PathAttribute> attributes) {
            IdentityHashMap<List<PathAttribute>, NlriList.Builder> byAttrs = announcements.get(afi);
            if (byAttrs == null) {
                byAttrs = new IdentityHashMap<>();
                announcements.put(afi, byAttrs);
            }
            NlriList.Builder b = byAttrs.get(attributes);
            if (b == null) {
                b = NlriList.builder(afi, addPath[afi.ordinal()]);
                byAttrs.put(attributes, b);
            }
            return b;
        }

        /** Encodes the batch; routes from {@code exclude} become withdrawals. */
        Encoded encode(IpAddress exclude) {
            encodes.incrementAndGet();
            return encode(exclude, null, withdrawn.count, null, announcedPrefixes.count);
        }

        /**
         * Encodes the batch once, in parts (see {@link Parts}): the withdrawals and announcements
         * of local routes, then those of each source peer's routes. A member then gets every part
         * but its own (see {@link Parts#allBut}) instead of an encoding of its own.
         */
        Parts encodeParts() {
            encodes.incrementAndGet();
            Map<IpAddress, SourcePart> bySource = new HashMap<>();
            SourcePart local = new SourcePart(new Ints(withdrawn.count), new Ints(announcedPrefixes.count));
            IpAddress runSource = null;
            SourcePart run = local;
            for (int i = 0; i < withdrawn.count; i++) {
                IpAddress source = withdrawnSource[i];
                if (source != runSource) { // runs from one source: one map lookup per run
                    run = source == null ? local : bySource.computeIfAbsent(source, s -> new SourcePart());
                    runSource = source;
                }
                run.withdrawals().add(i);
            }
            runSource = null;
            run = local;
            for (int i = 0; i < announcedPrefixes.count; i++) {
                IpAddress source = announced[i].source();
                if (source != runSource) {
                    run = source == null ? local : bySource.computeIfAbsent(source, s -> new SourcePart());
                    runSource = source;
                }
                run.announcements().add(i);
            }
            ByteBuf buf = ByteBufAllocator.DEFAULT.buffer();
            try {
                int updates = encodeInto(buf, null, local);
                Map<IpAddress, Parts.Span> spans = new HashMap<>();
                for (Map.Entry<IpAddress, SourcePart> e : bySource.entrySet()) {
                    int start = buf.writerIndex();
                    int n = encodeInto(buf, null, e.getValue());
                    spans.put(e.getKey(), new Parts.Span(start, buf.writerIndex(), n));
                    updates += n;
                }
                return new Parts(buf, updates, bySource, spans);
            } catch (RuntimeException ex) {
                buf.release();
                throw ex;
            }
        }

        private int encodeInto(ByteBuf buf, IpAddress exclude, SourcePart part) {
            Ints w = part.withdrawals();
            Ints a = part.announcements();
            return encodeInto(buf, exclude, w.values, w.count, a.values, a.count);
        }

        /** What {@link #encode(IpAddress)} sends {@code member} beyond {@link Parts}: its own routes that become withdrawals. */
        Encoded ownWithdrawals(IpAddress member, Parts parts) {
            SourcePart part = parts.indices.get(member);
            Ints mine = part == null ? null : part.announcements();
            int[] from = mine == null ? null : mine.values;
            int count = mine == null ? 0 : mine.count;
            int[] own = new int[count];
            int n = 0;
            for (int k = 0; k < count; k++) {
                if (sourceMayHaveOlder[from[k]]) {
                    own[n++] = from[k];
                }
            }
            if (n > 0) {
                encodes.incrementAndGet();
            }
            return encode(member, own, 0, own, n);
        }

        /**
         * Encodes the withdrawals {@code withdrawals[0, withdrawalCount)} and the announcements
         * {@code indices[0, count)} (all of either when its array is null); announcements from
         * {@code exclude} become withdrawals where the source may hold an older route, and are
         * left out otherwise.
         */
        private Encoded encode(IpAddress exclude, int[] withdrawals, int withdrawalCount, int[] indices, int count) {
            ByteBuf buf = ByteBufAllocator.DEFAULT.buffer();
            try {
                return new Encoded(buf, encodeInto(buf, exclude, withdrawals, withdrawalCount, indices, count));
            } catch (RuntimeException e) {
                buf.release();
                throw e;
            }
        }

        /** {@link #encode(IpAddress, int[], int, int[], int)} onto the end of {@code buf}; returns the UPDATEs written. */
        private int encodeInto(ByteBuf buf, IpAddress exclude, int[] withdrawals, int withdrawalCount, int[] indices,
                int count) {
            CodecContext ctx = key.context();
            Map<Afi, NlriList.Builder> withdrawalsByAfi = new EnumMap<>(Afi.class);
            Map<Afi, IdentityHashMap<List<PathAttribute>, NlriList.Builder>> announcements = new EnumMap<>(Afi.class);
            List<PathAttribute> lastAttrs = null;
            Afi lastAfi = null;
            NlriList.Builder lastBuilder = null;
            // Plain lookups, no capturing lambdas: these loops run once per prefix of the batch.
            for (int k = 0; k < withdrawalCount; k++) {
                int i = withdrawals == null ? k : withdrawals[k];
                int p = withdrawn.get(i);
                Afi afi = afiOf(p);
                if (afi != lastAfi) {
                    lastBuilder = withdrawalsOf(withdrawalsByAfi, afi);
                    lastAfi = afi;
                }
                prefixes.addTo(lastBuilder, pathIdOf(withdrawnPathIds, i), p);
            }
            lastAfi = null;
            for (int k = 0; k < count; k++) {
                int i = indices == null ? k : indices[k];
                int p = announcedPrefixes.get(i);
                Out out = announced[i];
                Afi afi = afiOf(p);
                if (exclude != null && exclude.equals(out.source())) {
                    if (!sourceMayHaveOlder[i]) {
                        continue;
                    }
                    prefixes.addTo(withdrawalsOf(withdrawalsByAfi, afi), out.pathId(), p);
                } else {
                    if (out.attributes() != lastAttrs || afi != lastAfi) { // runs share attributes: one lookup per run
                        lastBuilder = builderFor(announcements, afi, out.attributes());
                        lastAttrs = out.attributes();
                        lastAfi = afi;
                    }
                    prefixes.addTo(lastBuilder, out.pathId(), p);
                }
            }
            int updates = 0;
            for (Map.Entry<Afi, NlriList.Builder> w : withdrawalsByAfi.entrySet()) {
                for (Update u : UpdatePacker.withdraw(AddressFamily.unicast(w.getKey()), w.getValue().build(), ctx)) {
                    MessageEncoder.encode(u, ctx, buf);
                    updates++;
                }
            }
            for (IdentityHashMap<List<PathAttribute>, NlriList.Builder> byAttrs : announcements.values()) {
                for (Map.Entry<List<PathAttribute>, NlriList.Builder> a : byAttrs.entrySet()) {
                    for (Update u : UpdatePacker.announce(a.getKey(), a.getValue().build(), ctx)) {
                        MessageEncoder.encode(u, ctx, buf);
                        updates++;
                    }
                }
            }
            return updates;
        }

        private Afi afiOf(int prefix) {
            return prefixes.afi(prefix);
        }
    }
}

package io.flatnet.bgp.session;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.rib.LocRib;
import io.flatnet.bgp.session.UpdateGroup.Out;
import io.flatnet.bgp.wire.CodecContext;
import io.flatnet.bgp.wire.MessageEncoder;
import io.flatnet.bgp.wire.UpdatePacker;
import io.flatnet.bgp.wire.WithdrawalWriter;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
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
 * The changes an {@link UpdateGroup} sends its members in one flush or catch-up: withdrawals as
 * (prefix, path id) and announcements as {@link Out}s, the prefixes as handles into
 * {@link #prefixes}; and their encoding. RIB thread only.
 */
final class UpdateBatch {

    private final CodecContext context;
    /** Per family (by {@link Afi#ordinal()}): whether the members send add-path ids. */
    private final boolean[] addPath;
    /** Counts encodings, for tests and metrics. */
    private final AtomicLong encodes;
    private final Prefixes prefixes;
    private final Ints withdrawn;
    /** Per withdrawal, its add-path id (unsigned 32 bits; 0 without add-path). */
    private final Ints withdrawnPathIds;
    /** Per withdrawal, the peer the withdrawn route came from (null: local, or not known). */
    private IpAddress[] withdrawnSource = new IpAddress[0];
    private final Ints announcedPrefixes;
    private Out[] announced = new Out[0];
    /** Per announcement: whether its source peer may hold an older route for the prefix (then it gets a withdrawal). */
    private boolean[] sourceMayHaveOlder = new boolean[0];
    /** The size lists are made at (see the constructor). */
    private final int expected;
    /** The source peers of announcements that replace an older route the peer may hold (see {@link #ownWithdrawals}). */
    private final Set<IpAddress> sourcesWithOlder = new HashSet<>();
    /** The peers the batch's routes (announced or withdrawn) came from. */
    final Set<IpAddress> sources = new HashSet<>();
    /** The source last added to {@link #sources}: changes come in runs from one peer. */
    private IpAddress lastAddedSource;
    /** Whether some change is of a local route (or one whose source is not known). */
    private boolean hasLocal;

    /**
     * Sized for {@code expected} changes (callers cap it at twice a burst's flush, which
     * overshoots {@link SpeakerRib#FLUSH_NOW} by up to one UPDATE): a burst's batch holds
     * thousands, and growing its lists step by step was a fifth of the bytes a full-table load
     * allocated. The withdrawal lists and the announcement lists are each made at that size when
     * their first entry comes: a burst is nearly all one or the other, and making both up front
     * allocated 20 MB of unused arrays in a full-table withdrawal. A bigger flush (a session's
     * table dropped at once) grows them.
     */
    UpdateBatch(CodecContext context, boolean[] addPath, AtomicLong encodes, Prefixes prefixes, int expected) {
        this.context = context;
        this.addPath = addPath;
        this.encodes = encodes;
        this.prefixes = prefixes;
        this.expected = Math.max(expected, 4);
        withdrawn = new Ints(this.expected);
        withdrawnPathIds = new Ints(this.expected);
        announcedPrefixes = new Ints(this.expected);
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
            withdrawnSource = Arrays.copyOf(withdrawnSource, i == 0 ? expected : i * 2);
        }
        withdrawn.add(prefix);
        withdrawnPathIds.add((int) pathId);
        withdrawnSource[i] = source;
        addSource(source);
    }

    private void addSource(IpAddress source) {
        if (source == null) {
            hasLocal = true;
        } else if (source != lastAddedSource) {
            sources.add(source);
            lastAddedSource = source;
        }
    }

    private void announce(int prefix, Out out, boolean withdrawFromSource) {
        int i = announcedPrefixes.count;
        if (i == announced.length) {
            int size = i == 0 ? expected : i * 2;
            announced = Arrays.copyOf(announced, size);
            sourceMayHaveOlder = Arrays.copyOf(sourceMayHaveOlder, size);
        }
        announcedPrefixes.add(prefix);
        announced[i] = out;
        sourceMayHaveOlder[i] = withdrawFromSource;
        if (withdrawFromSource && out.source() != null) {
            sourcesWithOlder.add(out.source());
        }
        addSource(out.source());
    }

    /** The writer of {@code afi}'s withdrawals into {@code buf}, made on first use. */
    private WithdrawalWriter withdrawalsOf(WithdrawalWriter[] writers, Afi afi, ByteBuf buf) {
        WithdrawalWriter w = writers[afi.ordinal()];
        if (w == null) {
            w = new WithdrawalWriter(AddressFamily.unicast(afi), context, buf);
            writers[afi.ordinal()] = w;
        }
        return w;
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
        if (sources.isEmpty() || sources.size() == 1 && !hasLocal) {
            return encodeWhole();
        }
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
            return new Parts(buf, updates, spans);
        } catch (RuntimeException ex) {
            buf.release();
            throw ex;
        }
    }

    /**
     * {@link #encodeParts} of a batch with no source peer, or with one and no local route (a full
     * table from one peer): one part, encoded without sorting a million changes by source first.
     */
    private Parts encodeWhole() {
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer();
        try {
            int updates = encodeInto(buf, null, null, withdrawn.count, null, announcedPrefixes.count);
            Map<IpAddress, Parts.Span> spans = sources.isEmpty()
                    ? Map.of()
                    : Map.of(sources.iterator().next(), new Parts.Span(0, buf.writerIndex(), updates));
            return new Parts(buf, updates, spans);
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

    /**
     * What {@link #encode(IpAddress)} sends {@code member} beyond {@link Parts}: its own routes
     * that become withdrawals. Usually none: a reflector's burst makes every client a source, and
     * each of them cost a walk of the whole batch and an empty encoding (mesh 200: 200 of each
     * per flush).
     */
    Encoded ownWithdrawals(IpAddress member) {
        if (!sourcesWithOlder.contains(member)) {
            return new Encoded(Unpooled.EMPTY_BUFFER, 0);
        }
        int[] own = null;
        int n = 0;
        for (int i = 0; i < announcedPrefixes.count; i++) {
            if (sourceMayHaveOlder[i] && member.equals(announced[i].source())) {
                if (own == null) {
                    own = new int[Math.min(16, announcedPrefixes.count)];
                } else if (n == own.length) {
                    own = Arrays.copyOf(own, Math.min(2 * n, announcedPrefixes.count));
                }
                own[n++] = i;
            }
        }
        if (n > 0) {
            encodes.incrementAndGet();
        }
        return encode(member, own, 0, own == null ? new int[0] : own, n);
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
        CodecContext ctx = context;
        // Withdrawals are written as they come (see WithdrawalWriter); announcements are grouped
        // by attribute set first and written after every withdrawal.
        WithdrawalWriter[] writers = new WithdrawalWriter[Afi.values().length];
        Map<Afi, IdentityHashMap<List<PathAttribute>, NlriList.Builder>> announcements = new EnumMap<>(Afi.class);
        List<PathAttribute> lastAttrs = null;
        Afi lastAfi = null;
        WithdrawalWriter lastWriter = null;
        // Plain lookups, no capturing lambdas: these loops run once per prefix of the batch.
        for (int k = 0; k < withdrawalCount; k++) {
            int i = withdrawals == null ? k : withdrawals[k];
            int p = withdrawn.get(i);
            Afi afi = afiOf(p);
            if (afi != lastAfi) {
                lastWriter = withdrawalsOf(writers, afi, buf);
                lastAfi = afi;
            }
            prefixes.withdrawInto(lastWriter, pathIdOf(withdrawnPathIds, i), p);
        }
        lastAfi = null;
        NlriList.Builder lastBuilder = null;
        for (int k = 0; k < count; k++) {
            int i = indices == null ? k : indices[k];
            int p = announcedPrefixes.get(i);
            Out out = announced[i];
            Afi afi = afiOf(p);
            if (exclude != null && exclude.equals(out.source())) {
                if (!sourceMayHaveOlder[i]) {
                    continue;
                }
                prefixes.withdrawInto(withdrawalsOf(writers, afi, buf), out.pathId(), p);
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
        for (WithdrawalWriter w : writers) {
            if (w != null) {
                updates += w.finish();
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

    /** Encoded UPDATEs and how many. */
    record Encoded(ByteBuf bytes, int updates) {}

    /** A growing list of ints, {@code values[0, count)}; its array is made when the first value comes. */
    static final class Ints {
        private static final int[] NONE = new int[0];
        private final int firstCapacity;
        int[] values = NONE;
        int count;

        Ints(int firstCapacity) {
            this.firstCapacity = Math.max(1, firstCapacity);
        }

        void add(int value) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count == 0 ? firstCapacity : count * 2);
            }
            values[count++] = value;
        }

        int get(int i) {
            return values[i];
        }
    }

    /**
     * The prefixes of a batch's changes, each named by an int handle: a Loc-RIB prefix id in a
     * flush (no {@link IpPrefix} made per change; ids stay readable until the flush is over, see
     * {@link LocRib#releaseRetired()}), a list index in a catch-up. One final class with both
     * cases rather than an interface with two implementations: C1 does not inline a call with two
     * receivers, and the encoder makes two of these calls per prefix.
     */
    static final class Prefixes {
        private final LocRib loc;
        private final List<IpPrefix> list;

        private Prefixes(LocRib loc, List<IpPrefix> list) {
            this.loc = loc;
            this.list = list;
        }

        /** Handles are prefix ids of {@code loc}. */
        static Prefixes byId(LocRib loc) {
            return new Prefixes(loc, null);
        }

        /** Handles are indices into {@code list}. */
        static Prefixes inList(List<IpPrefix> list) {
            return new Prefixes(null, list);
        }

        Afi afi(int handle) {
            return loc != null ? loc.afi() : list.get(handle).afi();
        }

        IpPrefix prefix(int handle) {
            return loc != null ? loc.prefixOf(handle) : list.get(handle);
        }

        /** Withdraws the prefix with {@code pathId} through {@code w}. */
        void withdrawInto(WithdrawalWriter w, long pathId, int handle) {
            if (loc != null) {
                if (loc.afi() == Afi.IPV4) {
                    w.addV4(pathId, (int) loc.prefixLow(handle), loc.prefixLength(handle));
                } else {
                    w.addV6(pathId, loc.prefixHigh(handle), loc.prefixLow(handle), loc.prefixLength(handle));
                }
                return;
            }
            IpPrefix p = list.get(handle);
            if (p.afi() == Afi.IPV4) {
                w.addV4(pathId, (int) p.low(), p.length());
            } else {
                w.addV6(pathId, p.high(), p.low(), p.length());
            }
        }

        /** Adds the prefix to {@code b} with {@code pathId}. */
        void addTo(NlriList.Builder b, long pathId, int handle) {
            if (loc != null) {
                loc.addPrefixTo(b, pathId, handle);
            } else {
                b.add(pathId, list.get(handle));
            }
        }
    }

    /**
     * A batch encoded once, in one buffer, as consecutive parts: first the withdrawals and
     * announcements of local routes, then those of each source peer's routes. A member that is no
     * source gets the whole buffer; a source member gets it without its own part, as the two slices
     * around it (plus its own routes that become withdrawals, see {@link UpdateBatch#ownWithdrawals}).
     * Two slices per member, however many sources: after a burst every client of a route reflector
     * is a source, and building each one's stream from the others' parts cost a component per
     * source per member.
     */
    static final class Parts {
        final ByteBuf bytes;
        final int updates;
        /** Per source, where its part lies in {@link #bytes}. */
        final Map<IpAddress, Span> spans;

        /** A part's bytes {@code [start, end)} and how many UPDATEs they hold. */
        record Span(int start, int end, int updates) {}

        Parts(ByteBuf bytes, int updates, Map<IpAddress, Span> spans) {
            this.bytes = bytes;
            this.updates = updates;
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
}

package io.flatnet.bgp.session;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.route.AsPath;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.model.route.RouteOrigin;
import io.flatnet.bgp.rib.AdjRibIn;
import io.flatnet.bgp.rib.BestPathChange;
import io.flatnet.bgp.rib.BestPathListener;
import io.flatnet.bgp.rib.Rib;
import io.flatnet.bgp.rib.RibExecutor;
import io.flatnet.bgp.rib.RouteSource;
import io.flatnet.bgp.wire.CodecContext;
import io.flatnet.bgp.wire.message.BgpMessage;
import io.flatnet.bgp.wire.message.RouteRefresh;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speaker's side of the RIB: what sessions post to the {@link Rib} and what leaves it.
 * Everything here runs on the {@link RibExecutor}'s thread except the few methods that say they
 * post there.
 *
 * <p><b>In:</b> sessions decode, map to model attributes and run import policy on their own
 * event loops ({@link InboundUpdate}), then post the result here, where it is applied to the
 * {@link Rib}. Session down becomes {@link Rib#peerDown} or, for a graceful-restart peer (RFC
 * 4724 §4.2), stale marking with a restart timer; End-of-RIB sweeps; a second restart while
 * routes are still stale drops them. Local advertisements are paths from
 * {@link RouteSource#local}.
 *
 * <p><b>Out:</b> best-path changes collect in a set of dirty prefixes, flushed once the events
 * already queued have run, or as soon as {@link #FLUSH_NOW} of them have collected. Each {@link UpdateGroup} (peers alike in export policy, codec context,
 * peer type and next hop) computes its Adj-RIB-Out for those prefixes, encodes the difference
 * once and hands every member a retained duplicate of the bytes. A member that cannot take them
 * (channel not writable) falls back to a coalescing set of prefixes it is behind on, caught up
 * from the group's Adj-RIB-Out, in chunks, when it drains: a slow peer holds up nobody.
 *
 * <p>As a restarting speaker (RFC 4724 §4.1), nothing goes out until every graceful-restart peer
 * has sent End-of-RIB or the selection deferral time ran out. With listen ranges, dynamic peers
 * count as they come up: no configured peer to wait for is not the end of the wait; that takes
 * some dynamic peer back with its End-of-RIB, and every dynamic peer up then with its own.
 */
final class SpeakerRib {
    private static final Logger log = LoggerFactory.getLogger(SpeakerRib.class);
    /** Prefixes per catch-up round of a member. */
    static final int CHUNK = 2048;
    /** Prefixes of a session's UPDATEs waiting for the RIB above which the session stops reading (see {@link #received}). */
    static final int BACKLOG_HIGH = 65_536;
    /** ...and below which it reads again. */
    static final int BACKLOG_LOW = 16_384;
    /** Bytes posted to a member's event loop and not yet handed to its channel, before it counts as slow. */
    static final long IN_FLIGHT_LIMIT = 256 * 1024;

    /** How a session receives what the RIB sends it. Called on the RIB thread; implementations hop to the session's loop. */
    interface Sink {
        /** Writes {@code messages} (complete encoded UPDATEs, {@code updates} of them); takes ownership of the buffer. */
        void send(ByteBuf messages, int updates);

        void send(BgpMessage message);

        /** Whether the channel takes more now; any thread. */
        boolean writable();

        /**
         * The Adj-RIB-In holds {@code count} routes of {@code family} from this session, over the
         * session's maximum ({@link PeerConfig#maxPrefixes()}); told once per session.
         */
        void maxPrefixesExceeded(AddressFamily family, int count);

        /**
         * {@link Member#readPaused} changed: stop or resume reading the socket to match it (read the
         * flag when acting: changes may arrive out of order). Any thread.
         */
        void readingPaused();
    }

    /** Why a session went down, as graceful restart sees it. */
    record Down(boolean graceful, Duration restartTime, Set<AddressFamily> families) {
        static final Down HARD = new Down(false, Duration.ZERO, Set.of());
    }

    private final SpeakerConfig config;
    private final RibExecutor executor;
    private final Rib rib;
    private final RouteSource localSource;
    private final Exporter exporter;
    private final Map<UpdateGroup.Key, UpdateGroup> groups = new HashMap<>();
    /** Per family, the Loc-RIB ids of the prefixes whose best path changed since the last flush, repeats allowed. */
    private final int[][] pending = {new int[64], new int[64]};
    private final int[] pendingByFamily = new int[Afi.values().length];
    private int pendingCount;
    /**
     * Changes that are flushed at once rather than after the queued events: a feeder sending a full
     * table queues thousands of UPDATEs, and waiting for the queue to drain would hold every change
     * (and its batch, about 100 octets a prefix) until the end and send nothing meanwhile.
     */
    static final int FLUSH_NOW = 8192;
    private boolean flushQueued;
    private Map<IpPrefix, Advertisement> advertised = Map.of();
    private final Map<IpAddress, EnumMap<Afi, ScheduledFuture<?>>> restarts = new HashMap<>();
    private final Map<IpAddress, Member> members = new HashMap<>();
    /** The peer configs already told that a family lacks a next hop of ours: logged once per config. */
    private final Set<PeerConfig> nextHopWarned = new HashSet<>();
    private final List<SpeakerListener> listeners;
    /** Hands the RIB's changes to {@link #listeners}; registered with the RIB only while there are any. */
    private BestPathListener forwarder;
    /** Peers configured with graceful restart: the restarting speaker waits for their End-of-RIB. */
    private Set<IpAddress> gracefulPeers = Set.of();
    /** Listen ranges are set: the deferral also waits for dynamic peers (see the class comment). */
    private boolean dynamicNeighbours;
    /** Some dynamic peer has been up with every End-of-RIB it owes. */
    private boolean dynamicPeerDone;
    private boolean deferring;
    private volatile boolean restartState;
    private ScheduledFuture<?> deferralTimer;
    /** UPDATE streams encoded (group batches, member variants and catch-ups), for tests and metrics. */
    private final AtomicLong encodes = new AtomicLong();

    SpeakerRib(SpeakerConfig config, RibExecutor executor, List<SpeakerListener> listeners) {
        this.config = Objects.requireNonNull(config, "config");
        this.executor = executor;
        this.rib = executor.rib();
        this.listeners = listeners == null ? new CopyOnWriteArrayList<>() : listeners;
        this.localSource = RouteSource.local(config.routerId(), config.localAsn());
        this.exporter = new Exporter(config);
        this.deferring = config.restarting();
        this.restartState = config.restarting();
        rib.addPrefixListener(this::prefixChanged);
        listenersChanged();
        if (deferring) {
            executor.execute(() -> {
                if (deferring) {
                    deferralTimer = executor.schedule(() -> endDeferral("selection deferral timer expired"),
                            config.selectionDeferral());
                }
            });
        }
    }

    RibExecutor executor() {
        return executor;
    }

    /** True while we are the restarting speaker (the R bit of our OPEN); any thread. */
    boolean restartState() {
        return restartState;
    }

    long encodes() {
        return encodes.get();
    }

    // --- posted from other threads ---

    void setAdvertisements(Map<IpPrefix, Advertisement> next) {
        executor.execute(() -> applyAdvertisements(next));
    }

    void setGracefulPeers(Set<IpAddress> peers) {
        Set<IpAddress> copy = Set.copyOf(peers);
        executor.execute(() -> {
            gracefulPeers = copy;
            checkDeferral();
        });
    }

    /** Whether listen ranges are set; call before the first {@link #setGracefulPeers} when restarting. */
    void setDynamicNeighbours(boolean value) {
        executor.execute(() -> {
            dynamicNeighbours = value;
            checkDeferral();
        });
    }

    /** The session reached Established: it joins its update group and gets the table, then End-of-RIB. */
    void sessionUp(Member m) {
        executor.execute(() -> up(m));
    }

    void sessionDown(Member m, Down down) {
        executor.execute(() -> down(m, down));
    }

    /**
     * Decoded, imported routes of one UPDATE, on the session's loop. A session whose UPDATEs wait
     * for the RIB beyond {@link #BACKLOG_HIGH} prefixes stops reading its socket until the RIB is
     * down to {@link #BACKLOG_LOW}: TCP then slows the peer, and a full table does not wait decoded
     * in the heap (it would, from a feeder faster than the RIB). Meanwhile the session does not
     * expire its own hold timer (see {@code Peer}): the peer's KEEPALIVEs wait unread by our choice.
     */
    void received(Member m, InboundUpdate update) {
        int weight = update.weight();
        if (m.backlog.addAndGet(weight) > BACKLOG_HIGH && m.readPaused.compareAndSet(false, true)) {
            m.sink.readingPaused();
        }
        executor.execute(() -> {
            try {
                apply(m, update);
            } finally {
                if (m.backlog.addAndGet(-weight) < BACKLOG_LOW && m.readPaused.compareAndSet(true, false)) {
                    m.sink.readingPaused();
                }
            }
        });
    }

    void endOfRib(Member m, AddressFamily family) {
        executor.execute(() -> endOfRibReceived(m, family));
    }

    /** RFC 7606 AFI/SAFI disable: the family's routes from this session go. */
    void familyDisabled(Member m, AddressFamily family) {
        executor.execute(() -> {
            if (m.active && family.isSupported()) {
                drop(m.source, family.knownAfi());
                flushSoon();
            }
        });
    }

    void refresh(Member m, AddressFamily family, boolean enhanced) {
        executor.execute(() -> refreshNow(m, family, enhanced));
    }

    /** The member's channel drained: catch it up if it was behind. */
    void resume(Member m) {
        executor.execute(() -> catchUp(m));
    }

    // --- on the RIB thread ---

    private void prefixChanged(Afi afi, int prefixId) {
        int f = afi.ordinal();
        if (pendingByFamily[f] == pending[f].length) {
            pending[f] = Arrays.copyOf(pending[f], pending[f].length * 2);
        }
        pending[f][pendingByFamily[f]++] = prefixId;
        pendingCount++;
        flushSoon();
    }

    /**
     * The speaker's listeners were added or removed: the RIB builds a {@link BestPathChange} per
     * changed prefix only while someone wants it (a million objects and more for a full table).
     */
    synchronized void listenersChanged() {
        if (listeners.isEmpty() == (forwarder == null)) {
            return;
        }
        if (forwarder == null) {
            forwarder = this::tellListeners;
            rib.addListener(forwarder);
        } else {
            rib.removeListener(forwarder);
            forwarder = null;
        }
    }

    private void tellListeners(BestPathChange change) {
        for (SpeakerListener l : listeners) {
            try {
                l.bestPathChanged(change);
            } catch (RuntimeException e) {
                log.warn("listener failed on {}", change, e);
            }
        }
    }

    /** Flushes after the events already queued: a burst of UPDATEs goes out as one batch per group. */
    private void flushSoon() {
        if (!flushQueued && pendingCount > 0) {
            flushQueued = true;
            executor.execute(this::flush);
        }
    }

    private void flush() {
        flushQueued = false;
        if (deferring || pendingCount == 0) {
            return;
        }
        for (Afi afi : Afi.values()) {
            int f = afi.ordinal();
            if (pendingByFamily[f] > 0) {
                for (UpdateGroup g : groups.values()) {
                    g.update(afi, pending[f], pendingByFamily[f]);
                }
            }
            pendingByFamily[f] = 0;
            if (pending[f].length > 4 * FLUSH_NOW) {
                pending[f] = new int[64]; // a burst between two flushes grew it: give it back
            }
            rib.locRib(afi).releaseRetired(); // every group has read the removed prefixes
        }
        pendingCount = 0;
    }

    private void applyAdvertisements(Map<IpPrefix, Advertisement> next) {
        for (IpPrefix p : advertised.keySet()) {
            if (!next.containsKey(p)) {
                rib.withdraw(localSource, p, 0);
            }
        }
        for (Map.Entry<IpPrefix, Advertisement> e : next.entrySet()) {
            if (!e.getValue().equals(advertised.get(e.getKey()))) {
                rib.announce(localSource, e.getKey(), localAttributes(e.getValue()));
            }
        }
        advertised = Map.copyOf(next);
        flushSoon();
    }

    /**
     * A local route: ORIGIN IGP, empty AS_PATH, an unspecified next hop that export replaces with
     * the session's address; the advertisement's communities, then Calico's prefixAdvertisements.
     */
    RouteAttributes localAttributes(Advertisement a) {
        IpAddress unspecified = a.prefix().afi() == Afi.IPV4 ? IpAddress.v4(0) : IpAddress.v6(0, 0);
        RouteAttributes attrs = RouteAttributes.builder(RouteOrigin.IGP, AsPath.EMPTY, unspecified)
                .communities(a.communities()).largeCommunities(a.largeCommunities()).build();
        return config.prefixAdvertisements().apply(a.prefix(), attrs);
    }

    private void up(Member m) {
        if (!m.active) {
            return;
        }
        Member old = members.put(m.address, m);
        if (old != null && old.active) {
            leave(old); // a newer session replaced it without our hearing of the old one's end
        }
        EnumMap<Afi, ScheduledFuture<?>> restart = restarts.get(m.address);
        if (restart != null) {
            // RFC 4724 §4.2: without the capability in the new OPEN, or without the F bit for a
            // family, the stale routes go now; otherwise they wait for End-of-RIB or the timer.
            for (Afi afi : List.copyOf(restart.keySet())) {
                AddressFamily f = AddressFamily.unicast(afi);
                if (!m.peerGracefulRestart || !m.forwardingPreserved.contains(f)) {
                    log.info("peer {}: {} stale routes dropped: forwarding state not preserved", m.address, f);
                    restart.remove(afi).cancel(false);
                    rib.sweepStale(m.source, afi);
                }
            }
            if (restart.isEmpty()) {
                restarts.remove(m.address);
            }
        }
        warnIfNoNextHop(m);
        exporter.register(m.source, m.peer);
        UpdateGroup g = groups.computeIfAbsent(exporter.key(m), k -> new UpdateGroup(k, exporter, rib, encodes, this::fellBehind));
        g.join(m);
        flushSoon();
        catchUp(m);
    }

    /**
     * A negotiated family whose routes need a next hop of ours that the session cannot give
     * (IPv6 on an IPv4 session without {@link PeerConfig#ipv6NextHop()}, IPv4 on an IPv6 session
     * without RFC 8950 or {@link PeerConfig#ipv4NextHop()}): our own routes of that family are not
     * sent. Said once per peer configuration, not at every session start.
     */
    private void warnIfNoNextHop(Member m) {
        String missing = null;
        if (m.localAddress.isV4() && m.families.contains(AddressFamily.IPV6_UNICAST) && m.config.ipv6NextHop().isEmpty()) {
            missing = "IPv6 routes: the session is IPv4 and no IPv6 next hop is configured (ipv6NextHop);"
                    + " an IPv4-mapped ::ffff:a.b.c.d next hop would be dropped by the peer (BIRD) or unusable (FRR)";
        } else if (!m.localAddress.isV4() && m.families.contains(AddressFamily.IPV4_UNICAST)
                && !m.context.extendedNextHop().contains(AddressFamily.IPV4_UNICAST) && m.config.ipv4NextHop().isEmpty()) {
            missing = "IPv4 routes: the session is IPv6 without RFC 8950 extended next hop and no IPv4 next hop"
                    + " is configured (ipv4NextHop)";
        }
        if (missing != null && nextHopWarned.add(m.config)) {
            log.warn("peer {}: not advertising our {}", m.address, missing);
        }
    }

    private void leave(Member m) {
        m.active = false;
        if (m.group != null) {
            m.group.leave(m);
            if (m.group.isEmpty()) {
                groups.remove(m.group.key());
            }
            m.group = null;
        }
        members.remove(m.address, m);
    }

    private void down(Member m, Down d) {
        leave(m);
        EnumMap<Afi, ScheduledFuture<?>> restart = restarts.computeIfAbsent(m.address, a -> new EnumMap<>(Afi.class));
        for (Afi afi : Afi.values()) {
            AddressFamily f = AddressFamily.unicast(afi);
            ScheduledFuture<?> previous = restart.remove(afi);
            if (previous != null) {
                previous.cancel(false);
                // A second restart before End-of-RIB: what is still stale from the first goes.
                int swept = rib.sweepStale(m.source, afi);
                log.info("peer {}: restarted again before End-of-RIB for {}: {} stale routes dropped", m.address, f, swept);
            }
            if (d.graceful() && d.families().contains(f)) {
                int mark = rib.markStale(m.source, afi);
                restart.put(afi, executor.schedule(() -> restartTimerExpired(m, afi, mark), d.restartTime()));
            } else {
                drop(m.source, afi);
            }
        }
        if (restart.isEmpty()) {
            restarts.remove(m.address);
            rib.peerDown(m.source);
        } else {
            log.info("peer {}: graceful restart: keeping its {} routes as stale for {} s", m.address,
                    restart.keySet(), d.restartTime().toSeconds());
        }
        flushSoon();
    }

    private void restartTimerExpired(Member m, Afi afi, int mark) {
        EnumMap<Afi, ScheduledFuture<?>> restart = restarts.get(m.address);
        if (restart != null) {
            restart.remove(afi);
            if (restart.isEmpty()) {
                restarts.remove(m.address);
            }
        }
        int swept = rib.sweepStale(m.source, afi, mark);
        log.info("peer {}: restart timer expired: {} stale {} routes dropped", m.address, swept, afi);
        flushSoon();
    }

    /** Removes every path of {@code afi} the peer sent. */
    private void drop(RouteSource source, Afi afi) {
        rib.markStale(source, afi);
        rib.sweepStale(source, afi);
    }

    private void apply(Member m, InboundUpdate update) {
        if (!m.active) {
            return; // the session is gone; its routes went with it
        }
        for (InboundUpdate.Withdrawal w : update.withdrawals()) {
            rib.withdraw(m.source, w.nlri());
        }
        for (InboundUpdate.Announcement a : update.announcements()) {
            rib.announce(m.source, a.nlri(), a.attributes());
        }
        AdjRibIn adj = rib.adjRibIn(m.address).orElse(null);
        for (AddressFamily f : update.families()) {
            counted(m, f, adj == null ? 0 : adj.size(f.knownAfi()));
        }
        if (pendingCount >= FLUSH_NOW) {
            flush(); // a long burst: do not hold a whole table of changes until the queue drains
        } else {
            flushSoon();
        }
    }

    /**
     * Keeps the member's route count of {@code family} for status, and checks it against the
     * session's maximum here rather than on the session's loop: telling the loop after every UPDATE
     * woke it once per UPDATE, a thousand times for a full table, a twentieth of the RIB thread's time.
     */
    private static void counted(Member m, AddressFamily family, int count) {
        m.accepted.lazySet(family.knownAfi().ordinal(), count);
        long max = m.config.maxPrefixes();
        if (max > 0 && count > max && !m.overMaximum) {
            m.overMaximum = true;
            m.sink.maxPrefixesExceeded(family, count);
        }
    }

    private void endOfRibReceived(Member m, AddressFamily family) {
        if (!m.active || !family.isSupported()) {
            return;
        }
        Afi afi = family.knownAfi();
        EnumMap<Afi, ScheduledFuture<?>> restart = restarts.get(m.address);
        if (restart != null) {
            ScheduledFuture<?> timer = restart.remove(afi);
            if (timer != null) {
                timer.cancel(false);
                int swept = rib.sweepStale(m.source, afi);
                log.info("peer {}: End-of-RIB for {}: {} stale routes dropped", m.address, family, swept);
            }
            if (restart.isEmpty()) {
                restarts.remove(m.address);
            }
        }
        m.endOfRibReceived.add(family);
        flushSoon();
        checkDeferral();
    }

    private void checkDeferral() {
        if (!deferring) {
            return;
        }
        for (IpAddress a : gracefulPeers) {
            Member m = members.get(a);
            if (m == null || !m.active) {
                return; // not back yet
            }
            if (m.peerGracefulRestart && !m.endOfRibReceived.containsAll(m.families)) {
                return; // a peer without the capability owes us no End-of-RIB (RFC 4724 §4.1)
            }
        }
        if (dynamicNeighbours) {
            for (Member m : members.values()) {
                if (!m.dynamic || !m.active) {
                    continue;
                }
                if (m.peerGracefulRestart && !m.endOfRibReceived.containsAll(m.families)) {
                    return;
                }
                dynamicPeerDone = true;
            }
            if (!dynamicPeerDone) {
                return; // no dynamic peer back yet: wait for one, or for the deferral timer
            }
            endDeferral("End-of-RIB from every graceful-restart peer and every dynamic peer up");
            return;
        }
        endDeferral("End-of-RIB from every graceful-restart peer");
    }

    private void endDeferral(String why) {
        if (!deferring) {
            return;
        }
        log.info("restart: best-path deferral over ({}): advertising", why);
        deferring = false;
        restartState = false;
        if (deferralTimer != null) {
            deferralTimer.cancel(false);
        }
        flush();
        for (Member m : List.copyOf(members.values())) {
            catchUp(m);
        }
    }

    /**
     * The member's channel cannot take more: it catches up when the session reports its channel
     * drained. The flag is set before writability is looked at again (both are volatile), so a
     * channel that drained in between is caught here rather than missed by both sides.
     */
    private void fellBehind(Member m) {
        if (!m.wantsResume) {
            m.wantsResume = true;
            if (m.canWrite() && !deferring) {
                m.wantsResume = false;
                executor.execute(() -> catchUp(m));
            }
        }
    }

    private void refreshNow(Member m, AddressFamily family, boolean enhanced) {
        if (!m.active || m.group == null || !m.families.contains(family)) {
            return;
        }
        if (enhanced) {
            m.sink.send(new RouteRefresh(family, RouteRefresh.BEGIN_OF_ROUTE_REFRESH));
            m.endOfRefreshPending.add(family);
        }
        m.group.markAll(m, family);
        catchUp(m);
    }

    /** Sends a member what it is behind on, while its channel takes it; then End-of-RIB and EoRR as due. */
    private void catchUp(Member m) {
        if (!m.active || m.group == null || deferring) {
            return;
        }
        while (m.behind && m.canWrite()) {
            List<IpPrefix> chunk;
            NlriList dump = m.dumps.peek();
            if (dump != null) {
                // a table snapshot (join, route refresh): walk it in chunks; each sends the current state
                int end = Math.min(dump.size(), m.dumpCursor + CHUNK);
                chunk = new ArrayList<>(end - m.dumpCursor);
                for (int i = m.dumpCursor; i < end; i++) {
                    chunk.add(dump.prefix(i));
                }
                m.dumpCursor = end;
                if (end == dump.size()) {
                    m.dumps.poll();
                    m.dumpCursor = 0;
                }
            } else if (!m.dirty.isEmpty()) {
                chunk = new ArrayList<>(Math.min(CHUNK, m.dirty.size()));
                Iterator<IpPrefix> it = m.dirty.iterator();
                while (it.hasNext() && chunk.size() < CHUNK) {
                    chunk.add(it.next());
                    it.remove();
                }
            } else {
                m.behind = false;
                break;
            }
            m.group.sendTo(m, chunk);
        }
        if (m.behind) {
            fellBehind(m);
            return;
        }
        if (!m.endOfRibSent) {
            m.endOfRibSent = true;
            for (AddressFamily f : m.families) {
                m.sink.send(Update.endOfRib(f));
            }
        }
        for (AddressFamily f : m.endOfRefreshPending) {
            m.sink.send(new RouteRefresh(f, RouteRefresh.END_OF_ROUTE_REFRESH));
        }
        m.endOfRefreshPending.clear();
    }

    /**
     * One established session as the RIB sees it. Created on the session's loop; after that its
     * plain fields belong to the RIB thread, and only the atomic and volatile ones are shared.
     */
    static final class Member {
        final IpAddress address;
        final RouteSource source;
        final PeerConfig config;
        /** The session as policy sees it. */
        final io.flatnet.bgp.policy.PeerContext peer;
        final CodecContext context;
        final Set<AddressFamily> families;
        final IpAddress localAddress;
        final boolean peerGracefulRestart;
        final Set<AddressFamily> forwardingPreserved;
        /** Accepted from a listen range, not configured. */
        final boolean dynamic;
        final Sink sink;
        /** Bytes posted to the session's loop and not yet written to its channel. */
        final AtomicLong inFlight = new AtomicLong();
        /** Prefixes of UPDATEs received and not yet applied by the RIB. */
        final AtomicLong backlog = new AtomicLong();
        /** The session stopped reading until the RIB catches up (see {@link SpeakerRib#received}). */
        final java.util.concurrent.atomic.AtomicBoolean readPaused = new java.util.concurrent.atomic.AtomicBoolean();
        /** Set when the member fell behind: the session reports when its channel drains. */
        volatile boolean wantsResume;
        /** Prefixes in the member's Adj-RIB-Out, for status. */
        volatile int advertised;
        /** Routes of each family (by {@link Afi} ordinal) in the session's Adj-RIB-In, for status; the RIB thread writes them. */
        final AtomicIntegerArray accepted = new AtomicIntegerArray(Afi.values().length);

        // RIB thread only
        boolean active = true;
        /** The session was told it is over its maximum of routes (see {@link #counted}). */
        boolean overMaximum;
        UpdateGroup group;
        boolean behind = true;
        /** Prefixes changed while the member was behind. */
        final LinkedHashSet<IpPrefix> dirty = new LinkedHashSet<>();
        /** Table snapshots still to send (initial table, route refresh), and how far into the first. */
        final java.util.ArrayDeque<NlriList> dumps = new java.util.ArrayDeque<>();
        int dumpCursor;
        boolean endOfRibSent;
        final Set<AddressFamily> endOfRefreshPending = new LinkedHashSet<>();
        final Set<AddressFamily> endOfRibReceived = new HashSet<>();
        /** Add-path ids withdrawn from the group while the member was behind: it still has to withdraw them. */
        final Map<IpPrefix, Set<Long>> withdrawnIds = new HashMap<>();

        Member(IpAddress address, RouteSource source, PeerConfig config, io.flatnet.bgp.policy.PeerContext peer,
                CodecContext context,
                Set<AddressFamily> families, IpAddress localAddress, boolean peerGracefulRestart,
                Set<AddressFamily> forwardingPreserved, boolean dynamic, Sink sink) {
            this.address = address;
            this.source = source;
            this.config = config;
            this.peer = peer;
            this.context = context;
            this.families = Set.copyOf(families);
            this.localAddress = localAddress;
            this.peerGracefulRestart = peerGracefulRestart;
            this.forwardingPreserved = Set.copyOf(forwardingPreserved);
            this.dynamic = dynamic;
            this.sink = sink;
        }

        /** Routes of all families in the session's Adj-RIB-In. */
        long acceptedTotal() {
            long total = 0;
            for (int i = 0; i < accepted.length(); i++) {
                total += accepted.get(i);
            }
            return total;
        }

        boolean canWrite() {
            return inFlight.get() < IN_FLIGHT_LIMIT && sink.writable();
        }

        void send(ByteBuf bytes, int updates) {
            if (updates == 0) {
                bytes.release();
                return;
            }
            inFlight.addAndGet(bytes.readableBytes());
            sink.send(bytes, updates);
        }

        @Override
        public String toString() {
            return "member " + address;
        }
    }

    /** Marks prefixes for the member's catch-up (the group calls it). */
    static void markDirty(Member m, Iterable<IpPrefix> prefixes) {
        for (IpPrefix p : prefixes) {
            m.dirty.add(p);
        }
        m.behind = true;
    }
}

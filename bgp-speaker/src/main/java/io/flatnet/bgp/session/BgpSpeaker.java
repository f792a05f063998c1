package io.flatnet.bgp.session;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.rib.Rib;
import io.flatnet.bgp.rib.RibExecutor;
import io.flatnet.bgp.session.received.ReceivedRoutes;
import io.flatnet.bgp.wire.NotificationCode;
import io.flatnet.bgp.wire.message.Notification;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BGP speaker: one netty event loop group, a listener that accepts connections from configured
 * peers and from the {@link ListenRange}s (dynamic neighbours), one {@link Peer} per configured
 * neighbour and per connected dynamic one, and the {@link Rib} on its own
 * single-threaded {@link RibExecutor}, with import, export and update groups around it
 * ({@link SpeakerRib}).
 *
 * <p>The public methods may be called from any thread except the speaker's own event loops and RIB
 * executor (they wait for the loops). {@link #setPeers} and {@link #setAdvertisements} take the
 * whole desired set and apply the difference, so a reconciler may call them as often as it likes.
 */
public final class BgpSpeaker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BgpSpeaker.class);
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final SpeakerConfig config;
    private final Transport transport;
    private final EventLoopGroup group;
    /** Serialises setPeers / setAdvertisements / shutdown: the speaker's own state lives here. */
    private final EventLoop control;
    private final RibExecutor ribExecutor;
    private final SpeakerRib routing;
    private final ReceivedRoutes received;
    private final Clock clock;
    private final List<Channel> servers = new ArrayList<>();
    /**
     * Configured and dynamic peers. Read by the listener's loop to route accepted connections;
     * written on {@link #control}, except that a dynamic peer removes itself when its session ends.
     */
    private final Map<IpAddress, Peer> peers = new ConcurrentHashMap<>();
    /** Written on {@link #control}; read there and by the listener's loop. */
    private volatile List<ListenRange> listenRanges = List.of();
    private final List<SpeakerListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * One event loop per core unless configured: netty's own default, twice the cores, only adds
     * threads that wait for a core beside the RIB thread. Mesh bench, 200 clients on 2 cores,
     * three alternated runs: convergence 0.235-0.31 s with 4 loops, 0.226-0.249 s with 2, DUT CPU
     * 0.11-0.12 s against 0.09 s.
     */
    private static int ioThreads(SpeakerConfig config) {
        return config.ioThreads() > 0 ? config.ioThreads() : Runtime.getRuntime().availableProcessors();
    }

    private BgpSpeaker(SpeakerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.transport = Transport.detect();
        this.group = new MultiThreadIoEventLoopGroup(ioThreads(config), new DefaultThreadFactory("flatnet-bgp"),
                transport.ioHandlerFactory());
        this.control = group.next();
        this.ribExecutor = new RibExecutor(new Rib(config.bestPath()));
        this.routing = new SpeakerRib(config, ribExecutor, listeners);
        this.received = new ReceivedRoutes(ribExecutor);
    }

    /** Starts a speaker and, if configured, its listener; fails if the port cannot be bound. */
    public static BgpSpeaker start(SpeakerConfig config) {
        return start(config, Clock.systemUTC());
    }

    static BgpSpeaker start(SpeakerConfig config, Clock clock) {
        BgpSpeaker speaker = new BgpSpeaker(config, clock);
        try {
            if (config.listen()) {
                speaker.listen();
            }
        } catch (RuntimeException e) {
            speaker.close();
            throw e;
        }
        log.info("BGP speaker AS{} router id {} started ({} transport){}", config.localAsn(), config.routerId(),
                speaker.transport.epoll() ? "epoll" : "NIO",
                speaker.servers.isEmpty() ? ", no listener" : ", listening on " + speaker.listenAddresses());
        return speaker;
    }

    public SpeakerConfig config() {
        return config;
    }

    /** The routes each peer sent and import accepted (a view of the RIB's Adj-RIBs-In). */
    public ReceivedRoutes receivedRoutes() {
        return received;
    }

    /**
     * The RIB's executor: query the Loc-RIB ({@code rib().query(r -> r.locRib(Afi.IPV4).best(p))})
     * or post to it. Best-path changes reach {@link SpeakerListener#bestPathChanged}.
     */
    public RibExecutor rib() {
        return ribExecutor;
    }

    /** UPDATE streams encoded so far (per update group batch, plus per-peer catch-ups), for metrics. */
    public long updatesEncoded() {
        return routing.encodes();
    }

    /** Whether the epoll transport is in use (TCP MD5 and TTL options need it). */
    public boolean epoll() {
        return transport.epoll();
    }

    /** The bound listener addresses (with the actual port when 0 was asked for). */
    public List<InetSocketAddress> listenAddresses() {
        return servers.stream().map(s -> (InetSocketAddress) s.localAddress()).toList();
    }

    /** The listener's port; fails when the speaker does not listen. */
    public int port() {
        return listenAddresses().getFirst().getPort();
    }

    public void addListener(SpeakerListener listener) {
        listeners.add(listener);
        routing.listenersChanged();
    }

    public void removeListener(SpeakerListener listener) {
        listeners.remove(listener);
        routing.listenersChanged();
    }

    /**
     * Makes the configured peers exactly {@code desired}: new peers start, peers no longer listed
     * are stopped with Cease 6/3 (de-configured), peers whose config changed in any way are reset
     * with Cease 6/6 (other configuration change) and start again; unchanged peers are untouched.
     *
     * @throws IllegalArgumentException when two configs name the same address
     * @throws IllegalStateException    when a config needs epoll and it is unavailable
     */
    public void setPeers(Set<PeerConfig> desired) {
        Map<IpAddress, PeerConfig> byAddress = new HashMap<>();
        for (PeerConfig p : desired) {
            if (byAddress.put(p.address(), p) != null) {
                throw new IllegalArgumentException("two peers configured for " + p.address());
            }
            transport.requireSupport(p);
        }
        onControl(() -> {
            for (Peer old : List.copyOf(peers.values())) {
                PeerConfig next = byAddress.get(old.address());
                if (old.listenRange.isPresent()) {
                    if (next != null) {
                        log.info("peer {} is configured now: ending its dynamic session", old.address());
                        stopPeer(old, Notification.of(NotificationCode.CEASE_OTHER_CONFIGURATION_CHANGE), false);
                    }
                } else if (next == null) {
                    log.info("peer {} removed from configuration", old.address());
                    stopPeer(old, Notification.of(NotificationCode.CEASE_PEER_DECONFIGURED), false);
                } else if (Peer.isKeyRotation(old.config, next)) {
                    log.info("peer {}: TCP MD5 key changed; re-keying its sockets, the session stays", old.address());
                    old.rekey(next);
                } else if (!next.equals(old.config)) {
                    log.info("peer {} configuration changed: resetting the session", old.address());
                    stopPeer(old, Notification.of(NotificationCode.CEASE_OTHER_CONFIGURATION_CHANGE), false);
                }
            }
            List<Peer> added = new ArrayList<>();
            for (PeerConfig p : byAddress.values()) {
                if (!peers.containsKey(p.address())) {
                    Peer peer = new Peer(p, environment, group.next());
                    peers.put(p.address(), peer);
                    added.add(peer);
                }
            }
            routing.setGracefulPeers(byAddress.values().stream().filter(p -> p.gracefulRestartTime().isPresent())
                    .map(PeerConfig::address).collect(java.util.stream.Collectors.toSet()));
            updateMd5Keys(); // the listener must know a new peer's key before that peer can connect
            updateListenerMinTtl();
            added.forEach(peer -> peer.loop.execute(peer::start));
        });
    }

    /**
     * Makes the listen ranges exactly {@code desired} (dynamic neighbours, see {@link ListenRange}).
     * A restarting speaker ({@link SpeakerConfig#restarting()}) with ranges defers best-path
     * selection for the dynamic peers too; set the ranges before the first {@link #setPeers},
     * since no configured graceful-restart peer alone would otherwise end the deferral at once.
     * Dynamic peers of a range no longer listed are stopped with Cease 6/3 (de-configured), those
     * of a range that changed in any way with Cease 6/6 (they reconnect under the new one); the
     * peers of unchanged ranges are untouched. New connections see the new ranges at once.
     *
     * @throws IllegalArgumentException when two ranges have one name
     * @throws IllegalStateException    when a template needs epoll and it is unavailable
     */
    public void setListenRanges(List<ListenRange> desired) {
        Map<String, ListenRange> byName = new HashMap<>();
        for (ListenRange r : desired) {
            if (byName.put(r.name(), r) != null) {
                throw new IllegalArgumentException("two listen ranges named " + r.name());
            }
            transport.requireSupport(r.template());
        }
        if (!desired.isEmpty() && !config.listen()) {
            throw new IllegalStateException("listen ranges need a listening speaker");
        }
        List<ListenRange> ranges = List.copyOf(desired);
        routing.setDynamicNeighbours(!ranges.isEmpty());
        onControl(() -> {
            listenRanges = ranges;
            for (Peer p : List.copyOf(peers.values())) {
                if (p.listenRange.isEmpty()) {
                    continue;
                }
                ListenRange now = byName.get(p.listenRange.get());
                if (now == null) {
                    log.info("dynamic peer {}: listen range {} removed", p.address(), p.listenRange.get());
                    stopPeer(p, Notification.of(NotificationCode.CEASE_PEER_DECONFIGURED), false);
                } else if (!now.peerFor(p.address()).equals(p.config)) {
                    log.info("dynamic peer {}: listen range {} changed: resetting the session", p.address(), now.name());
                    stopPeer(p, Notification.of(NotificationCode.CEASE_OTHER_CONFIGURATION_CHANGE), false);
                }
            }
            updateListenerMinTtl();
        });
    }

    /** The listen ranges in force. */
    public List<ListenRange> listenRanges() {
        return listenRanges;
    }

    /**
     * Makes the locally originated routes exactly {@code desired}: they enter the Loc-RIB as
     * local paths, and every session whose export policy passes them announces the new and
     * changed ones and withdraws the removed ones.
     */
    public void setAdvertisements(Set<Advertisement> desired) {
        Map<IpPrefix, Advertisement> byPrefix = new HashMap<>();
        for (Advertisement a : desired) {
            if (byPrefix.put(a.prefix(), a) != null) {
                throw new IllegalArgumentException("two advertisements for " + a.prefix());
            }
        }
        routing.setAdvertisements(Map.copyOf(byPrefix));
    }

    /** Status snapshots of all peers, sorted by address. */
    public List<PeerStatus> peers() {
        List<CompletableFuture<PeerStatus>> futures = peers.values().stream().map(this::statusOf).toList();
        return futures.stream().map(CompletableFuture::join)
                .sorted(Comparator.comparing(PeerStatus::address)).toList();
    }

    /**
     * The configuration the peer at {@code address} runs with (for a dynamic peer, its range's
     * template with its address), without waiting for its loop; empty when there is no such peer.
     */
    public Optional<PeerConfig> peerConfig(IpAddress address) {
        Peer peer = peers.get(address);
        return peer == null ? Optional.empty() : Optional.of(peer.config);
    }

    /** The listen range that accepted the peer at {@code address}; empty for a configured or absent peer. */
    public Optional<String> listenRangeOf(IpAddress address) {
        Peer peer = peers.get(address);
        return peer == null ? Optional.empty() : peer.listenRange;
    }

    public Optional<PeerStatus> peerStatus(IpAddress address) {
        Peer peer = peers.get(address);
        return peer == null ? Optional.empty() : Optional.of(statusOf(peer).join());
    }

    /**
     * Resets one peer as an operator asks: softly by ROUTE-REFRESH when the session is up and
     * both sides support it and {@code hard} is false, otherwise with Cease 6/4 administrative
     * reset (with {@code message} as its RFC 9003 text, if given) followed by a fresh start.
     *
     * @return what was done, or empty when no such peer is configured
     */
    public Optional<PeerReset> resetPeer(IpAddress address, boolean hard, String message) {
        Peer peer = peers.get(address);
        if (peer == null) {
            return Optional.empty();
        }
        if (peer.loop.inEventLoop()) {
            throw new IllegalStateException("BgpSpeaker methods must not be called from its own event loops");
        }
        CompletableFuture<PeerReset> f = new CompletableFuture<>();
        peer.loop.execute(() -> {
            try {
                f.complete(peer.reset(hard, message));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return Optional.of(f.orTimeout(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join());
    }

    /**
     * Ends every session. Gracefully: closes the TCP connections without a NOTIFICATION, so
     * peers acting as graceful restart helpers (RFC 4724) keep our routes. Otherwise: Cease 6/2
     * administrative shutdown carrying {@code message} (RFC 9003). The peers are dropped and the
     * listener is closed: the speaker is finished, and only {@link #close()} remains to be called.
     */
    public void shutdown(boolean gracefully, String message) {
        onControl(() -> {
            listenRanges = List.of(); // connections accepted before the listener closes find no range
            Notification cease = gracefully ? null
                    : Notification.shutdown(NotificationCode.CEASE_ADMINISTRATIVE_SHUTDOWN, message == null ? "" : message);
            for (Peer peer : List.copyOf(peers.values())) {
                stopPeer(peer, cease, gracefully);
            }
            servers.forEach(Channel::close);
        });
    }

    /** Shuts down (Cease 6/2 unless already shut down) and releases threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (!peers.isEmpty()) {
            shutdown(false, "speaker closing");
        }
        closed = true;
        servers.forEach(s -> s.close().awaitUninterruptibly());
        // A quiet period lets the NOTIFICATIONs of the shutdown drain before the loops stop.
        group.shutdownGracefully(200, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        ribExecutor.close();
    }

    // --- internals ---

    private CompletableFuture<PeerStatus> statusOf(Peer peer) {
        CompletableFuture<PeerStatus> f = new CompletableFuture<>();
        peer.loop.execute(() -> {
            try {
                f.complete(peer.status());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f.orTimeout(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void stopPeer(Peer peer, Notification cease, boolean silent) {
        peers.remove(peer.address(), peer);
        peer.loop.execute(() -> peer.stop(cease, silent));
    }

    private void onControl(Runnable task) {
        if (control.inEventLoop()) {
            throw new IllegalStateException("BgpSpeaker methods must not be called from its own event loops");
        }
        control.submit(task).syncUninterruptibly();
    }

    private void listen() {
        List<IpAddress> addresses = config.listenAddresses().isEmpty() ? List.of() : config.listenAddresses();
        if (addresses.isEmpty()) {
            servers.add(bind(new InetSocketAddress(config.port())));
        } else {
            for (IpAddress a : addresses) {
                servers.add(bind(new InetSocketAddress(Addresses.toInet(a), config.port())));
            }
        }
    }

    private Channel bind(InetSocketAddress address) {
        ServerChannel server;
        try {
            server = transport.serverChannel().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a server channel", e);
        }
        server.config().setOption(ChannelOption.SO_REUSEADDR, true);
        server.pipeline().addLast(new Acceptor());
        group.register(server).syncUninterruptibly();
        server.bind(address).syncUninterruptibly();
        return server;
    }

    /**
     * Sits where netty's ServerBootstrap would put its acceptor: takes each accepted channel,
     * hands it to the configured or dynamic peer of its address, else to a new dynamic peer when
     * a listen range takes the address, else drops it; a peer's channels are registered on its
     * event loop, so that all of them share one thread with its state.
     */
    @ChannelHandler.Sharable
    private final class Acceptor extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            accepted((Channel) msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("listener {}: {}", ctx.channel().localAddress(), cause.toString());
        }
    }

    /** An accepted connection, on the listener's loop (or, for tests, any thread but the control loop). */
    void accepted(Channel child) {
        IpAddress remote;
        try {
            remote = Addresses.of(child.remoteAddress());
        } catch (RuntimeException e) {
            child.unsafe().closeForcibly();
            return;
        }
        Peer peer = peers.get(remote);
        if (peer == null && !closed && ListenRange.select(listenRanges, remote).isPresent()) {
            // Creating a peer is the control loop's business (it owns the peer map); an
            // address outside every range is refused below, here, without that hop.
            try {
                control.execute(() -> acceptDynamic(child, remote));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                child.unsafe().closeForcibly(); // the speaker is closing
            }
            return;
        }
        if (peer == null || closed) {
            log.debug("connection from unconfigured address {} refused", remote);
            child.unsafe().closeForcibly();
            return;
        }
        handOver(peer, child, () -> {});
    }

    /** A registered, not yet read connection that an ended dynamic peer gave back: as if accepted anew. */
    void acceptAgain(Channel ch) {
        IpAddress remote = Addresses.of(ch.remoteAddress());
        try {
            control.execute(() -> acceptDynamic(ch, remote));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            ch.close(); // the speaker is closing
        }
    }

    /** On {@link #control}: a connection from an address without a peer, for the listen ranges to take or refuse. */
    private void acceptDynamic(Channel child, IpAddress remote) {
        Peer peer = peers.get(remote); // configured, or accepted, since the listener looked
        if (peer == null && !closed) {
            Optional<ListenRange> range = ListenRange.select(listenRanges, remote);
            if (range.isPresent() && dynamicPeersOf(range.get().name()) >= range.get().limit()) {
                log.info("connection from {} refused: listen range {} holds its limit of {} dynamic peers", remote,
                        range.get().name(), range.get().limit());
                refuse(child);
                return;
            }
            if (range.isPresent()) {
                // A connection given back by an ended peer is registered already: its new peer shares that loop.
                EventLoop loop = child.isRegistered() ? child.eventLoop() : group.next();
                Peer created = new Peer(range.get().peerFor(remote), environment, loop, Optional.of(range.get().name()));
                peers.put(remote, created);
                log.info("dynamic peer {} AS{} accepted by listen range {}", remote, range.get().peerAsn(),
                        range.get().name());
                created.loop.execute(created::start); // before the channel's registration, queued behind it
                // Should the channel not reach the peer, nothing else would end it: it would wait in Active for ever.
                handOver(created, child, () -> control.execute(() -> {
                    if (peers.remove(remote, created)) {
                        log.info("dynamic peer {}: its connection could not be registered; dropping the peer", remote);
                        created.loop.execute(() -> created.stop(null, true));
                    }
                }));
                return;
            }
        }
        if (peer == null || closed) {
            log.debug("connection from {} refused: no peer and no listen range", remote);
            refuse(child);
            return;
        }
        handOver(peer, child, () -> {});
    }

    /** Closes a connection nobody takes; one given back by an ended peer is closed on its own loop. */
    private static void refuse(Channel child) {
        if (child.isRegistered()) {
            child.close();
        } else {
            child.unsafe().closeForcibly();
        }
    }

    /** How many dynamic peers {@code range} holds now; on {@link #control}, which alone adds them. */
    private long dynamicPeersOf(String range) {
        return peers.values().stream().filter(p -> p.listenRange.filter(range::equals).isPresent()).count();
    }

    /**
     * Registers an accepted channel on its peer's event loop and gives it to the peer there;
     * {@code failed} runs when it cannot be registered. A channel given back by an ended
     * dynamic peer is registered already: it moves to the new peer's loop when that differs.
     */
    private void handOver(Peer peer, Channel child, Runnable failed) {
        if (child.isRegistered() && child.eventLoop() == peer.loop) {
            peer.loop.execute(() -> peer.accept(child));
            return;
        }
        if (child.isRegistered()) {
            child.deregister().addListener(f -> handOver(peer, child, failed));
            return;
        }
        try {
            child.config().setOption(ChannelOption.AUTO_READ, false);
            // Before the first read: segments below the peer's GTSM TTL never reach the session.
            environment.applySocketOptions(peer.config, child);
            child.config().setOption(ChannelOption.TCP_NODELAY, true);
            child.config().setWriteBufferWaterMark(WATER_MARK);
        } catch (RuntimeException e) { // the socket is gone already
            log.debug("peer {}: accepted connection lost before its hand-over: {}", peer.address(), e.toString());
            child.unsafe().closeForcibly();
            failed.run();
            return;
        }
        peer.loop.register(child).addListener(f -> {
            if (f.isSuccess()) {
                peer.accept(child);
            } else {
                child.unsafe().closeForcibly();
                failed.run();
            }
        });
    }

    /** The TCP MD5 keys of all configured peers, on every listening socket (RFC 2385). */
    private void updateMd5Keys() {
        if (!transport.epoll()) {
            return;
        }
        Map<InetAddress, byte[]> keys = new HashMap<>();
        for (Peer p : peers.values()) {
            if (p.config.md5Password() != null) {
                keys.put(Addresses.toInet(p.config.address()), p.config.md5Password().getBytes(StandardCharsets.US_ASCII));
            }
        }
        for (Channel server : servers) {
            try {
                server.config().setOption(EpollChannelOption.TCP_MD5SIG, keys);
            } catch (RuntimeException e) {
                log.error("setting {} TCP MD5 keys on {} failed: {}", keys.size(), server.localAddress(),
                        Md5KeyLimit.explain(e, keys.size()));
            }
        }
    }

    /**
     * RFC 5082 on the listening sockets: the kernel drops a SYN whose TTL is below the listener's
     * minimum, so a peer too far away never gets a TCP connection. One listener serves every
     * peer, so its minimum is the smallest any peer of that family allows (0, no filter, while
     * any such peer runs without GTSM); each accepted socket then gets its own peer's minimum
     * before it is read from. Accepted sockets inherit the listener's value.
     *
     * <p>The kernel answers a SYN with the listener's TTL, so while any peer of a family uses
     * GTSM the listener also sends with TTL 255: that peer drops a SYN-ACK arriving with less.
     * Other peers ignore the TTL of what they receive.
     */
    private void updateListenerMinTtl() {
        int v4 = 255;
        int v6 = 255;
        boolean anyV4 = false;
        boolean anyV6 = false;
        for (Peer p : peers.values()) {
            if (p.listenRange.isPresent()) {
                continue; // counted through its range below, whether or not a client is connected
            }
            if (p.config.address().isV4()) {
                anyV4 = true;
                v4 = Math.min(v4, p.config.minimumTtl());
            } else {
                anyV6 = true;
                v6 = Math.min(v6, p.config.minimumTtl());
            }
        }
        // A range's clients have not connected yet: the listener must let their SYNs through
        // (at the template's minimum TTL, 0 without GTSM) or no client ever gets a session.
        for (ListenRange r : listenRanges) {
            for (IpPrefix prefix : r.prefixes()) {
                if (prefix.afi() == Afi.IPV4) {
                    anyV4 = true;
                    v4 = Math.min(v4, r.template().minimumTtl());
                } else {
                    anyV6 = true;
                    v6 = Math.min(v6, r.template().minimumTtl());
                }
            }
        }
        int minTtl = anyV4 ? v4 : 0;
        int minHops = anyV6 ? v6 : 0;
        int ttl = minTtl > 0 ? 255 : -1; // -1: the system default
        int hops = minHops > 0 ? 255 : -1;
        for (Channel server : servers) {
            if (!(server instanceof EpollServerSocketChannel epollServer)) {
                continue;
            }
            int fd = epollServer.fd().intValue();
            boolean v6Socket = ((InetSocketAddress) server.localAddress()).getAddress() instanceof Inet6Address;
            try {
                SocketOptions.setMinTtl(fd, false, minTtl); // IPv4 and IPv4-mapped connections
                SocketOptions.setTtl(fd, false, ttl);
                if (v6Socket) {
                    SocketOptions.setMinTtl(fd, true, minHops);
                    SocketOptions.setTtl(fd, true, hops);
                }
            } catch (IOException e) {
                log.warn("setting the GTSM minimum TTL on {} failed: {}", server.localAddress(), e.getMessage());
            }
        }
    }

    private final SessionEnvironment environment = new SessionEnvironment() {
        @Override
        public SpeakerConfig speaker() {
            return config;
        }

        @Override
        public SpeakerRib routing() {
            return routing;
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public ChannelFuture connect(PeerConfig peer, EventLoop loop, Consumer<Channel> init) {
            Bootstrap b = new Bootstrap()
                    .group(loop)
                    .channel(transport.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            init.accept(ch);
                        }
                    });
            if (peer.md5Password() != null) {
                b.option(EpollChannelOption.TCP_MD5SIG,
                        Map.of(Addresses.toInet(peer.address()), peer.md5Password().getBytes(StandardCharsets.US_ASCII)));
            }
            InetSocketAddress remote = new InetSocketAddress(Addresses.toInet(peer.address()), peer.port());
            return peer.sourceAddress().isPresent()
                    ? b.connect(remote, new InetSocketAddress(Addresses.toInet(peer.sourceAddress().get()), 0))
                    : b.connect(remote);
        }

        @Override
        public Optional<SendQueue> sendQueue(Channel channel) {
            if (!(channel instanceof EpollSocketChannel epollChannel) || !channel.isActive()) {
                return Optional.empty();
            }
            try {
                SocketOptions.TcpSendState tcp = SocketOptions.tcpSendState(epollChannel.fd().intValue());
                var outbound = channel.unsafe().outboundBuffer();
                long pending = outbound == null ? 0 : outbound.totalPendingWriteBytes();
                return Optional.of(new SendQueue(tcp.bytesAcked(),
                        pending == 0 && tcp.unackedSegments() == 0 && tcp.notSentBytes() == 0));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        @Override
        public void applyMd5Key(PeerConfig peer, Channel channel) {
            if (channel instanceof EpollSocketChannel && peer.md5Password() != null) {
                try {
                    channel.config().setOption(EpollChannelOption.TCP_MD5SIG, Map.of(Addresses.toInet(peer.address()),
                            peer.md5Password().getBytes(StandardCharsets.US_ASCII)));
                } catch (RuntimeException e) {
                    log.warn("peer {}: replacing the TCP MD5 key failed: {}", peer.address(), e.toString());
                }
            }
        }

        @Override
        public void applySocketOptions(PeerConfig peer, Channel channel) {
            if (!(channel instanceof EpollSocketChannel epollChannel)) {
                return;
            }
            int fd = epollChannel.fd().intValue();
            boolean v6 = !peer.address().isV4();
            try {
                int ttl = peer.outgoingTtl(config.localAsn());
                if (ttl > 0) {
                    SocketOptions.setTtl(fd, v6, ttl);
                }
                if (peer.minimumTtl() > 0) {
                    SocketOptions.setMinTtl(fd, v6, peer.minimumTtl());
                }
            } catch (IOException e) {
                log.warn("peer {}: TTL socket options failed: {}", peer.address(), e.getMessage());
            }
        }

        @Override
        public void stateChanged(PeerStateChange change) {
            listeners.forEach(l -> l.stateChanged(change));
        }

        @Override
        public void endOfRib(IpAddress peer, AddressFamily family) {
            listeners.forEach(l -> l.endOfRib(peer, family));
        }

        @Override
        public void dynamicPeerEnded(Peer peer) {
            peers.remove(peer.address(), peer);
        }

        @Override
        public void acceptAgain(Channel ch) {
            BgpSpeaker.this.acceptAgain(ch);
        }
    };
}

package io.flatnet.agent.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's HTTP server: one event loop thread of its own (never the speaker's), requests bounded
 * (4 KiB request line, 8 KiB of headers, 64 KiB of body; larger ones get 413), idle connections
 * closed after a minute, and two worker threads with a queue of 64 for the handlers, which may wait
 * for the speaker.
 *
 * <p>The JSON API is served on a Unix domain socket ({@code /run/flatnet/flatnet.sock} by default;
 * epoll only): its directory is created 0755 when missing, the socket is made 0660 (root and the
 * process's group may connect), a stale socket file left by a crashed agent (nothing accepts on
 * it) is replaced, a live one is refused (another agent runs), and the file is removed on close.
 * The TCP listener serves {@code /metrics} and the health endpoints; it serves the JSON API too
 * only when {@link Options#tcpApi()} says so.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    public static final int MAX_INITIAL_LINE = 4096;
    public static final int MAX_HEADERS = 8192;
    public static final int MAX_BODY = 64 * 1024;
    static final int IDLE_SECONDS = 60;

    /**
     * @param tcp        where to listen on TCP, if at all
     * @param socket     a Unix domain socket path, if wanted
     * @param readyGrace the readiness startup grace period (see {@link Readiness})
     * @param tcpApi     the TCP listener serves the JSON API ({@code /v1/...}) too, not only
     *                   {@code /metrics} and the health endpoints
     * @param socketGroup the group the socket file is given (mode 0660: root and that group may
     *                   connect); empty keeps the agent's own group
     */
    public record Options(Optional<InetSocketAddress> tcp, Optional<Path> socket, Duration readyGrace,
            boolean tcpApi, Optional<String> socketGroup) {
        /** The default socket path: {@code flatnet --api-socket} and {@code flatnetctl --socket}. */
        public static final Path DEFAULT_SOCKET = Path.of("/run/flatnet/flatnet.sock");

        public Options {
            Objects.requireNonNull(tcp, "tcp");
            Objects.requireNonNull(socket, "socket");
            Objects.requireNonNull(readyGrace, "readyGrace");
            Objects.requireNonNull(socketGroup, "socketGroup");
            if (tcp.isEmpty() && socket.isEmpty()) {
                throw new IllegalArgumentException("the API needs a TCP address or a socket path");
            }
        }

        public Options(Optional<InetSocketAddress> tcp, Optional<Path> socket, Duration readyGrace, boolean tcpApi) {
            this(tcp, socket, readyGrace, tcpApi, Optional.empty());
        }

        /** Everything on TCP (and the socket, if any): the API as it was before the socket became the default. */
        public Options(Optional<InetSocketAddress> tcp, Optional<Path> socket, Duration readyGrace) {
            this(tcp, socket, readyGrace, true);
        }

        public static Options tcp(InetSocketAddress address) {
            return new Options(Optional.of(address), Optional.empty(), Readiness.DEFAULT_GRACE);
        }

        public Options withReadyGrace(Duration grace) {
            return new Options(tcp, socket, grace, tcpApi, socketGroup);
        }

        public Options withSocketGroup(String group) {
            return new Options(tcp, socket, readyGrace, tcpApi, Optional.of(group));
        }
    }

    private final EventLoopGroup group;
    private final ThreadPoolExecutor worker;
    private final List<Channel> channels = new ArrayList<>();
    /** Set once the socket is bound: only a socket this server made is removed on close. */
    private Optional<Path> socket = Optional.empty();

    private ApiServer(EventLoopGroup group, ThreadPoolExecutor worker) {
        this.group = group;
        this.worker = worker;
    }

    public static ApiServer start(AgentState state, AgentControl control, Options options) {
        return start(state, control, options, Clock.systemUTC());
    }

    static ApiServer start(AgentState state, AgentControl control, Options options, Clock clock) {
        boolean epoll = Epoll.isAvailable();
        if (options.socket().isPresent() && !epoll) {
            throw new IllegalStateException("the API on a Unix socket needs netty's epoll transport, which is not"
                    + " available here: " + Epoll.unavailabilityCause());
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("flatnet-api"),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        ThreadPoolExecutor worker = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64),
                new DefaultThreadFactory("flatnet-api-worker", true));
        ApiServer server = new ApiServer(group, worker);
        ApiRouter router = new ApiRouter(state, control, options.readyGrace(), clock);
        try {
            if (options.tcp().isPresent()) {
                server.bind(options.tcpApi() ? router : router.healthAndMetricsOnly(), epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class,
                        options.tcp().get());
            }
            if (options.socket().isPresent()) {
                Path path = options.socket().get();
                SocketFile.prepare(path);
                server.bind(router, EpollServerDomainSocketChannel.class, new DomainSocketAddress(path.toFile()));
                server.socket = Optional.of(path);
                SocketFile.restrict(path, options.socketGroup());
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new IllegalStateException("cannot start the API: " + SocketFile.describe(e), e);
        }
        log.info("API listening on {}", server.channels.stream().map(c -> String.valueOf(c.localAddress())).toList());
        return server;
    }

    private void bind(ApiRouter router, Class<? extends ServerChannel> type, java.net.SocketAddress address) {
        Channel ch = new ServerBootstrap()
                .group(group)
                .channel(type)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel c) {
                        c.pipeline().addLast(new ReadTimeoutHandler(IDLE_SECONDS));
                        c.pipeline().addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, 8192));
                        c.pipeline().addLast(new HttpObjectAggregator(MAX_BODY));
                        c.pipeline().addLast(new ApiHandler(router, worker));
                    }
                })
                .bind(address).syncUninterruptibly().channel();
        channels.add(ch);
    }

    /** The bound TCP address (with the real port when 0 was asked for). */
    public Optional<InetSocketAddress> tcpAddress() {
        return channels.stream().map(Channel::localAddress).filter(InetSocketAddress.class::isInstance)
                .map(InetSocketAddress.class::cast).findFirst();
    }

    @Override
    public void close() {
        channels.forEach(c -> c.close().awaitUninterruptibly());
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        worker.shutdownNow();
        socket.ifPresent(p -> {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                log.debug("removing {}: {}", p, e.toString());
            }
        });
    }
}

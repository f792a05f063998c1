package io.flatnet.agent.api;

import io.flatnet.agent.api.ApiExchange.Request;
import io.flatnet.agent.api.ApiExchange.Response;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests: copies each out of netty's buffers on the event loop, hands it to
 * the worker pool, and writes the answers back in request order (HTTP/1.1 pipelining). When the
 * pool is full the answer is 503 at once, so a flood of requests cannot queue without bound.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    private final ApiRouter router;
    private final Executor worker;
    /** The previous request's answer on this connection; touched only on the event loop. */
    private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

    ApiHandler(ApiRouter router, Executor worker) {
        this.router = router;
        this.worker = worker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        boolean keepAlive = HttpUtil.isKeepAlive(msg);
        if (msg.decoderResult().isFailure()) {
            write(ctx, router.error(400, "bad request", "malformed HTTP request: " + msg.decoderResult().cause()),
                    false, false);
            return;
        }
        boolean head = msg.method().equals(HttpMethod.HEAD);
        Request request = copy(msg);
        previous = previous.handle((v, x) -> null).thenCompose(ignored -> {
            CompletableFuture<Response> answer = new CompletableFuture<>();
            try {
                worker.execute(() -> {
                    try {
                        answer.complete(router.handle(request));
                    } catch (Throwable t) {
                        answer.complete(router.error(500, "internal error", String.valueOf(t)));
                    }
                });
            } catch (RejectedExecutionException e) {
                answer.complete(router.error(503, "busy", "too many API requests in progress; try again"));
            }
            return answer.thenCompose(r -> write(ctx, r, keepAlive, head));
        });
    }

    private static Request copy(FullHttpRequest msg) {
        QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : msg.headers()) {
            headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
        }
        byte[] body = new byte[msg.content().readableBytes()];
        msg.content().getBytes(msg.content().readerIndex(), body);
        return new Request(msg.method().name(), uri.path(), uri.parameters(), uri.rawQuery(), headers, body);
    }

    private static CompletableFuture<Void> write(ChannelHandlerContext ctx, Response r, boolean keepAlive, boolean head) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(r.status()), head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        r.headers().forEach((k, v) -> response.headers().set(k, v));
        response.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        CompletableFuture<Void> written = new CompletableFuture<>();
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            if (!keepAlive || !f.isSuccess()) {
                f.channel().close();
            }
            written.complete(null);
            if (r.afterSent() != null) {
                Thread t = new Thread(r.afterSent(), "flatnet-api-after");
                t.setDaemon(false);
                t.start();
            }
        });
        return written;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ReadTimeoutException) {
            log.debug("API connection {} idle: closing", ctx.channel().remoteAddress());
        } else if (cause instanceof IOException) {
            log.debug("API connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("API connection {}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}

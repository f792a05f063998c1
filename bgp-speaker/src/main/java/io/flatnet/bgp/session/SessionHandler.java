package io.flatnet.bgp.session;

import io.flatnet.bgp.wire.FrameErrorEvent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a session's pipeline ({@code BgpFrameDecoder} → {@code BgpMessageEncoder}
 * → this): hands whole frames, frame errors, closes and writability changes to the {@link Peer}
 * that owns the connection. Holds no state of its own.
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {
    private final Peer peer;
    private final Connection connection;

    SessionHandler(Peer peer, Connection connection) {
        this.peer = peer;
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf frame) {
            try {
                peer.received(connection, ctx.channel(), frame);
            } finally {
                frame.release();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof FrameErrorEvent error) {
            peer.frameError(connection, ctx.channel(), error);
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        peer.closed(connection, ctx.channel());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        peer.writabilityChanged(connection, ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        peer.failed(connection, ctx.channel(), cause);
    }
}

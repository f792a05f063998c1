package io.flatnet.bgp.wire;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/** Sits after {@link BgpFrameDecoder} in test pipelines and keeps the frame errors it fires. */
final class FrameEvents extends ChannelInboundHandlerAdapter {
    final List<FrameErrorEvent> errors = new ArrayList<>();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof FrameErrorEvent error) {
            errors.add(error);
        } else {
            super.userEventTriggered(ctx, event);
        }
    }
}

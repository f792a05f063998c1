package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.message.BgpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.Objects;

/**
 * Writes {@link BgpMessage} values to the channel through {@link MessageEncoder}. A message too
 * long for the context fails its write promise (netty wraps the IllegalArgumentException in an
 * {@code EncoderException}) and nothing reaches the socket. Not sharable: it holds the session's
 * context, changed on the event loop with {@link #setContext} after the OPEN exchange.
 */
public final class BgpMessageEncoder extends MessageToByteEncoder<BgpMessage> {
    private CodecContext context;

    public BgpMessageEncoder() {
        this(CodecContext.INITIAL);
    }

    public BgpMessageEncoder(CodecContext context) {
        super(BgpMessage.class);
        this.context = Objects.requireNonNull(context, "context");
    }

    public void setContext(CodecContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    public CodecContext context() {
        return context;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, BgpMessage message, ByteBuf out) {
        MessageEncoder.encode(message, context, out);
    }
}

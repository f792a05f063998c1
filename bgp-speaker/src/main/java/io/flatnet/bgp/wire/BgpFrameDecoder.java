package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.message.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;

/**
 * Splits the TCP byte stream into whole BGP messages. Each message goes down the pipeline as a
 * retained slice of the received bytes (no copy), header included, ready for
 * {@link MessageDecoder#decode}; whoever reads it releases it.
 *
 * <p>The header is judged as soon as its 19 octets are in, with the same checks as
 * {@link MessageDecoder} (marker, length bounds for the type, known type), so a peer announcing
 * a 60000-octet KEEPALIVE is caught before any body arrives. On such an error the decoder fires a
 * {@link FrameErrorEvent} through {@code userEventTriggered} and from then on drops every byte it
 * receives: nothing after a bad header can be framed. It does not close the channel, because the
 * session has to write the NOTIFICATION first. A user event rather than {@code exceptionCaught}
 * keeps protocol errors, which carry their NOTIFICATION, apart from I/O failures and bugs, which
 * netty wraps in {@code DecoderException}; a pipeline that does not handle the event loses it,
 * so the session handler must.
 *
 * <p>Messages are emitted one per {@code decode} call, so a frame error always follows every
 * frame that preceded it in the stream. Not sharable; all methods run on the channel's event
 * loop.
 */
public final class BgpFrameDecoder extends ByteToMessageDecoder {
    private CodecContext context;
    private boolean failed;

    /** A decoder for a new connection: 4096-octet messages until the OPEN exchange says more. */
    public BgpFrameDecoder() {
        this(CodecContext.INITIAL);
    }

    public BgpFrameDecoder(CodecContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * Replaces the negotiated facts, in practice to raise the length limit to 65535 once both
     * OPENs carried the extended message capability (RFC 8654). Takes effect from the next header
     * judged; a handler that calls it while reading the OPEN frame is in time for the next one.
     */
    public void setContext(CodecContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    public CodecContext context() {
        return context;
    }

    /** True once a bad header was seen; all input is being discarded. */
    public boolean failed() {
        return failed;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < CodecContext.HEADER_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        int length;
        try {
            length = MessageHeader.check(in, start, context);
        } catch (BgpWireException e) {
            failed = true;
            boolean inNotification = e.error().code() != NotificationCode.CONNECTION_NOT_SYNCHRONIZED
                    && in.getUnsignedByte(start + MessageHeader.TYPE_OFFSET) == MessageType.NOTIFICATION.code();
            in.skipBytes(in.readableBytes());
            ctx.fireUserEventTriggered(new FrameErrorEvent(e, inNotification));
            return;
        }
        if (in.readableBytes() >= length) {
            out.add(in.readRetainedSlice(length));
        }
    }
}

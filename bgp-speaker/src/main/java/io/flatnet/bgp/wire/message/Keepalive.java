package io.flatnet.bgp.wire.message;

/** KEEPALIVE (RFC 4271 §4.4): a header and nothing else. */
public record Keepalive() implements BgpMessage {
    public static final Keepalive INSTANCE = new Keepalive();

    @Override
    public MessageType type() {
        return MessageType.KEEPALIVE;
    }
}

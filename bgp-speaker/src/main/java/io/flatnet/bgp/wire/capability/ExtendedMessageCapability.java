package io.flatnet.bgp.wire.capability;

/** Extended messages (RFC 8654): messages other than OPEN and KEEPALIVE may be up to 65535 octets. */
public record ExtendedMessageCapability() implements Capability {
    @Override
    public int code() {
        return EXTENDED_MESSAGE;
    }
}

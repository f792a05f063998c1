package io.flatnet.bgp.wire;

/**
 * Received bytes that the session cannot go on from: the error's action is always
 * {@link ErrorAction#SESSION_RESET} (or AFI/SAFI disable escalated to it). Checked, so that no
 * caller can forget that input may be malformed.
 */
public final class BgpWireException extends Exception {
    private final WireError error;

    public BgpWireException(WireError error) {
        super(error.toString(), null, false, false);
        this.error = error;
    }

    public static BgpWireException reset(NotificationCode code, String reason) {
        return new BgpWireException(WireError.reset(code, reason));
    }

    public WireError error() {
        return error;
    }
}

package io.flatnet.bgp.wire.capability;

import io.flatnet.bgp.model.AddressFamily;
import java.util.List;
import java.util.Objects;

/**
 * Graceful restart (RFC 4724 §3), with the RFC 8538 "N" bit.
 *
 * @param restarting     R bit: the speaker has just restarted
 * @param notification   N bit (RFC 8538): NOTIFICATIONs other than Hard Reset are graceful too
 * @param restartTimeSeconds how long a peer should keep our routes, 0..4095
 * @param families       the families whose forwarding state is covered, each with its F bit
 */
public record GracefulRestartCapability(
        boolean restarting, boolean notification, int restartTimeSeconds, List<Family> families) implements Capability {

    public GracefulRestartCapability {
        if (restartTimeSeconds < 0 || restartTimeSeconds > 4095) {
            throw new IllegalArgumentException("restart time is 12 bits (0..4095 s): " + restartTimeSeconds);
        }
        families = List.copyOf(families);
    }

    /** One AFI/SAFI with its "forwarding state preserved" bit. */
    public record Family(AddressFamily family, boolean forwardingStatePreserved) {
        public Family {
            Objects.requireNonNull(family, "family");
        }
    }

    @Override
    public int code() {
        return GRACEFUL_RESTART;
    }
}

package io.flatnet.kernel;

import java.net.InetAddress;
import java.util.Objects;

/**
 * How the kernel would reach a BGP next hop: on a connected network, through another gateway
 * (recursive resolution, as for an iBGP next hop behind a router), or not at all.
 */
public sealed interface Resolution {

    /** The gateway is on-link on {@code ifindex}. */
    record Direct(int ifindex) implements Resolution {
        @Override
        public String toString() {
            return "on-link dev #" + ifindex;
        }
    }

    /** The gateway is reached through {@code gateway} on {@code ifindex}. */
    record Via(InetAddress gateway, int ifindex) implements Resolution {
        public Via {
            Objects.requireNonNull(gateway, "gateway");
        }

        @Override
        public String toString() {
            return "via " + Addresses.format(gateway) + " dev #" + ifindex;
        }
    }

    /** No usable route to the gateway; {@code reason} says why. */
    record Unreachable(String reason) implements Resolution {
        public Unreachable {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return "unreachable (" + reason + ")";
        }
    }
}

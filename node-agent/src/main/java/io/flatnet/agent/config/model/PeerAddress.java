package io.flatnet.agent.config.model;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@code BGPPeer.spec.peerIP}: an address with an optional port, written {@code 100.64.0.1},
 * {@code 100.64.0.1:1179}, {@code fd00::1} or {@code [fd00::1]:1179} (brackets, because an IPv6
 * address has colons of its own).
 */
public record PeerAddress(IpAddress address, OptionalInt port) {
    public PeerAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(port, "port");
        port.ifPresent(p -> {
            if (p < 1 || p > 0xFFFF) {
                throw new IllegalArgumentException("port " + p + " is outside 1..65535");
            }
        });
    }

    public static PeerAddress parse(String text) {
        String s = text.strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'[' without ']'");
            }
            IpAddress address = IpAddress.parse(s.substring(1, close));
            if (address.afi() != Afi.IPV6) {
                throw new IllegalArgumentException("brackets are only for IPv6 addresses");
            }
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) {
                return new PeerAddress(address, OptionalInt.empty());
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("expected ':PORT' after ']'");
            }
            return new PeerAddress(address, OptionalInt.of(port(rest.substring(1))));
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && s.indexOf(':', colon + 1) < 0) {
            return new PeerAddress(IpAddress.parse(s.substring(0, colon)), OptionalInt.of(port(s.substring(colon + 1))));
        }
        return new PeerAddress(IpAddress.parse(s), OptionalInt.empty());
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port number", e);
        }
    }

    @Override
    public String toString() {
        if (port.isEmpty()) {
            return address.toString();
        }
        return (address.isV4() ? address.toString() : "[" + address + "]") + ":" + port.getAsInt();
    }
}

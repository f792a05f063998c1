package io.flatnet.agent.config.model;

import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import java.util.Objects;

/**
 * An address with the length of its subnet, host bits kept: {@code 10.0.0.1/24} (unlike
 * {@link IpPrefix}, which would mask it to 10.0.0.0/24). A bare address means a host route.
 */
public record InterfaceAddress(IpAddress address, int prefixLength) {
    public InterfaceAddress {
        Objects.requireNonNull(address, "address");
        if (prefixLength < 0 || prefixLength > address.afi().maxPrefixLength()) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " outside 0.."
                    + address.afi().maxPrefixLength());
        }
    }

    public static InterfaceAddress parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        IpAddress address = IpAddress.parse(slash < 0 ? s : s.substring(0, slash));
        if (slash < 0) {
            return new InterfaceAddress(address, address.afi().maxPrefixLength());
        }
        try {
            return new InterfaceAddress(address, Integer.parseInt(s.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in '" + text + "'", e);
        }
    }

    public IpPrefix subnet() {
        return IpPrefix.of(address, prefixLength);
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}

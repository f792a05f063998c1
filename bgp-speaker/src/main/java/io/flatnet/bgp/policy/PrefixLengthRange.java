package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.IpPrefix;

/**
 * A rule's {@code prefixLength}: the route's prefix length must lie in {@code min..max}, both
 * inclusive. A condition of its own, checked whatever the cidr operator; Calico's unset bounds
 * are 0 and the family's maximum ({@link #atLeast}, {@link #atMost}).
 */
public record PrefixLengthRange(int min, int max) {
    public PrefixLengthRange {
        if (min < 0 || max > 128 || min > max) {
            throw new IllegalArgumentException("prefix length range must satisfy 0 <= min <= max <= 128: " + min + ".." + max);
        }
    }

    public static PrefixLengthRange of(int min, int max) {
        return new PrefixLengthRange(min, max);
    }

    public static PrefixLengthRange atLeast(int min) {
        return new PrefixLengthRange(min, 128);
    }

    public static PrefixLengthRange atMost(int max) {
        return new PrefixLengthRange(0, max);
    }

    public boolean matches(IpPrefix prefix) {
        return prefix.length() >= min && prefix.length() <= max;
    }

    @Override
    public String toString() {
        return "/" + min + ".." + max;
    }
}

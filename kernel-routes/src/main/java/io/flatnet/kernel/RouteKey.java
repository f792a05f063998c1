package io.flatnet.kernel;

import java.util.Objects;

/**
 * What identifies one route in the kernel for flatnet: table, destination and metric. Two routes
 * with the same key replace each other (the kernel keys IPv4 routes by table, prefix, TOS and
 * priority, IPv6 routes by table, prefix and metric; flatnet never sets a TOS).
 */
public record RouteKey(Prefix destination, int table, int metric) implements Comparable<RouteKey> {

    public RouteKey {
        Objects.requireNonNull(destination, "destination");
    }

    /** The destination's mixed hash first: see {@link Prefix#hashCode()}. */
    @Override
    public int hashCode() {
        return destination.hashCode() * 31 + (table * 31 + metric);
    }

    @Override
    public int compareTo(RouteKey o) {
        int c = Integer.compareUnsigned(table, o.table);
        if (c == 0) {
            c = destination.compareTo(o.destination);
        }
        return c != 0 ? c : Integer.compareUnsigned(metric, o.metric);
    }

    @Override
    public String toString() {
        return destination + " table " + Integer.toUnsignedString(table) + " metric " + Integer.toUnsignedString(metric);
    }
}

package io.flatnet.kernel;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * One next hop of a unicast route: a gateway, the outgoing interface index (0 = let the kernel or
 * the syncer's resolution choose), and an ECMP weight 1..256 (the kernel stores weight - 1 in
 * {@code rtnh_hops}). A next hop without a gateway is a device route and needs an interface.
 */
public record NextHop(Optional<InetAddress> gateway, int ifindex, int weight) implements Comparable<NextHop> {

    private static final Comparator<NextHop> ORDER = Comparator
            .comparing((NextHop h) -> h.gateway.map(InetAddress::getAddress).orElse(new byte[0]),
                    Arrays::compareUnsigned)
            .thenComparingInt(NextHop::ifindex)
            .thenComparingInt(NextHop::weight);

    public NextHop {
        Objects.requireNonNull(gateway, "gateway");
        if (ifindex < 0) {
            throw new IllegalArgumentException("ifindex " + ifindex);
        }
        if (weight < 1 || weight > 256) {
            throw new IllegalArgumentException("weight " + weight + " outside 1..256");
        }
        if (gateway.isEmpty() && ifindex == 0) {
            throw new IllegalArgumentException("a next hop needs a gateway or an interface");
        }
    }

    public static NextHop via(InetAddress gateway) {
        return new NextHop(Optional.of(gateway), 0, 1);
    }

    public static NextHop via(String gateway) {
        return via(InetAddress.ofLiteral(gateway));
    }

    public static NextHop via(String gateway, int ifindex) {
        return new NextHop(Optional.of(InetAddress.ofLiteral(gateway)), ifindex, 1);
    }

    public static NextHop device(int ifindex) {
        return new NextHop(Optional.empty(), ifindex, 1);
    }

    public NextHop withWeight(int newWeight) {
        return new NextHop(gateway, ifindex, newWeight);
    }

    public NextHop withIfindex(int newIfindex) {
        return new NextHop(gateway, newIfindex, weight);
    }

    @Override
    public int compareTo(NextHop other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        String s = gateway.map(g -> "via " + Addresses.format(g)).orElse("");
        if (ifindex != 0) {
            s += (s.isEmpty() ? "" : " ") + "dev #" + ifindex;
        }
        return weight == 1 ? s : s + " weight " + weight;
    }
}

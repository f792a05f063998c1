package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpPrefix;
import java.util.Objects;

/**
 * A rule's {@code cidr} and {@code matchOperator}. A prefix of the other address family is never
 * EQUAL or IN, so it is always NOT_EQUAL and NOT_IN; {@link BgpFilter} keeps each rule in the
 * list of its own family, so that case does not arise there.
 */
public record CidrMatch(MatchOperator operator, IpPrefix cidr) {

    public CidrMatch {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(cidr, "cidr");
    }

    public static CidrMatch equal(IpPrefix cidr) {
        return new CidrMatch(MatchOperator.EQUAL, cidr);
    }

    public static CidrMatch notEqual(IpPrefix cidr) {
        return new CidrMatch(MatchOperator.NOT_EQUAL, cidr);
    }

    public static CidrMatch in(IpPrefix cidr) {
        return new CidrMatch(MatchOperator.IN, cidr);
    }

    public static CidrMatch notIn(IpPrefix cidr) {
        return new CidrMatch(MatchOperator.NOT_IN, cidr);
    }

    public boolean matches(IpPrefix prefix) {
        return switch (operator) {
            case EQUAL -> cidr.equals(prefix);
            case NOT_EQUAL -> !cidr.equals(prefix);
            case IN -> contains(cidr, prefix);
            case NOT_IN -> !contains(cidr, prefix);
        };
    }

    /** {@code prefix} inside {@code cidr}, without allocating (IpPrefix.contains builds a prefix). */
    static boolean contains(IpPrefix cidr, IpPrefix prefix) {
        if (prefix.afi() != cidr.afi() || prefix.length() < cidr.length()) {
            return false;
        }
        int bits = cidr.length();
        if (prefix.afi() == Afi.IPV4) {
            long mask = bits == 0 ? 0 : (0xFFFF_FFFFL << (32 - bits)) & 0xFFFF_FFFFL;
            return (prefix.low() & mask) == cidr.low();
        }
        return (prefix.high() & mask64(bits)) == cidr.high() && (prefix.low() & mask64(bits - 64)) == cidr.low();
    }

    private static long mask64(int bits) {
        if (bits <= 0) {
            return 0;
        }
        return bits >= 64 ? -1L : -1L << (64 - bits);
    }

    @Override
    public String toString() {
        return operator + " " + cidr;
    }
}

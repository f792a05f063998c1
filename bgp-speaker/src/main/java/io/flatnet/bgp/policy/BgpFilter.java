package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.Afi;
import java.util.List;
import java.util.Objects;

/**
 * A named set of ordered rules per direction and family, shaped like Calico's BGPFilter
 * ({@code exportV4}, {@code importV4}, {@code exportV6}, {@code importV6}). Within a list the first
 * matching rule decides; a filter with no matching rule leaves the decision to the next filter of
 * the peer, and after the last one to the defaults (see {@link PeerPolicy}).
 *
 * <p>A rule's cidr must be of the list's family, and its prefix-length bounds must fit it.
 */
public record BgpFilter(
        String name, List<FilterRule> exportV4, List<FilterRule> importV4, List<FilterRule> exportV6,
        List<FilterRule> importV6) {

    /** Import or export. */
    public enum Direction {
        IMPORT,
        EXPORT
    }

    public BgpFilter {
        Objects.requireNonNull(name, "name");
        exportV4 = checked(name, "exportV4", Afi.IPV4, exportV4);
        importV4 = checked(name, "importV4", Afi.IPV4, importV4);
        exportV6 = checked(name, "exportV6", Afi.IPV6, exportV6);
        importV6 = checked(name, "importV6", Afi.IPV6, importV6);
    }

    private static List<FilterRule> checked(String name, String list, Afi afi, List<FilterRule> rules) {
        List<FilterRule> copy = List.copyOf(rules);
        for (int i = 0; i < copy.size(); i++) {
            FilterRule rule = copy.get(i);
            if (rule.cidr().isPresent() && rule.cidr().get().cidr().afi() != afi) {
                throw new IllegalArgumentException("filter '" + name + "' " + list + " rule " + i
                        + ": cidr " + rule.cidr().get().cidr() + " is not " + afi);
            }
            if (rule.prefixLength().isPresent() && rule.prefixLength().get().min() > afi.maxPrefixLength()) {
                throw new IllegalArgumentException("filter '" + name + "' " + list + " rule " + i
                        + ": prefix length min " + rule.prefixLength().get().min() + " exceeds " + afi.maxPrefixLength());
            }
        }
        return copy;
    }

    /** A filter with no rules; add them with the withers. */
    public static BgpFilter named(String name) {
        return new BgpFilter(name, List.of(), List.of(), List.of(), List.of());
    }

    public BgpFilter exportV4(FilterRule... rules) {
        return new BgpFilter(name, List.of(rules), importV4, exportV6, importV6);
    }

    public BgpFilter importV4(FilterRule... rules) {
        return new BgpFilter(name, exportV4, List.of(rules), exportV6, importV6);
    }

    public BgpFilter exportV6(FilterRule... rules) {
        return new BgpFilter(name, exportV4, importV4, List.of(rules), importV6);
    }

    public BgpFilter importV6(FilterRule... rules) {
        return new BgpFilter(name, exportV4, importV4, exportV6, List.of(rules));
    }

    /** The rules for one direction and family. */
    public List<FilterRule> rules(Direction direction, Afi afi) {
        return switch (direction) {
            case IMPORT -> afi == Afi.IPV4 ? importV4 : importV6;
            case EXPORT -> afi == Afi.IPV4 ? exportV4 : exportV6;
        };
    }

    /** Calico's list name for a direction and family, for reasons and logs. */
    static String listName(Direction direction, Afi afi) {
        return (direction == Direction.IMPORT ? "import" : "export") + (afi == Afi.IPV4 ? "V4" : "V6");
    }
}

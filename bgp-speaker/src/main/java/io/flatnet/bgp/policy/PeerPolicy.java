package io.flatnet.bgp.policy;

import java.util.List;
import java.util.Objects;

/**
 * The policy configured for one peer: either {@link #none()}, nothing at all, or a list of
 * {@link BgpFilter}s (possibly empty: {@link #defaults()}) evaluated in order before the Calico
 * defaults. A value with equality, so peers with equal policy can share an update group;
 * {@link #compile} turns it into the hooks the speaker calls.
 *
 * <p>The difference between {@code none()} and {@code defaults()} is RFC 8212: an eBGP peer with
 * no policy at all receives nothing and has nothing accepted. Configuration layers produce
 * {@code none()} when an eBGP peer has no filter and no explicit "defaults" setting.
 * For iBGP peers the two behave the same.
 *
 * @param configured false for {@link #none()}
 * @param filters    the peer's filters in order; empty unless configured
 */
public record PeerPolicy(boolean configured, List<BgpFilter> filters) {
    private static final PeerPolicy NONE = new PeerPolicy(false, List.of());
    private static final PeerPolicy DEFAULTS = new PeerPolicy(true, List.of());

    public PeerPolicy {
        filters = List.copyOf(filters);
        if (!configured && !filters.isEmpty()) {
            throw new IllegalArgumentException("a peer without policy has no filters");
        }
    }

    /** No policy configured: RFC 8212 applies to eBGP peers. */
    public static PeerPolicy none() {
        return NONE;
    }

    /** Policy configured as Calico's defaults: import everything, export the node's own routes. */
    public static PeerPolicy defaults() {
        return DEFAULTS;
    }

    /** These filters, in order, then the defaults. */
    public static PeerPolicy of(List<BgpFilter> filters) {
        return new PeerPolicy(true, filters);
    }

    public static PeerPolicy of(BgpFilter... filters) {
        return of(List.of(filters));
    }

    /** The hooks for this policy on top of the protocol's rules (standard or route reflection). */
    public CompiledPeerPolicy compile(ProtocolRules rules) {
        return new CompiledPeerPolicy(this, Objects.requireNonNull(rules, "rules"));
    }

    @Override
    public String toString() {
        if (!configured) {
            return "none";
        }
        return filters.isEmpty() ? "defaults" : "filters " + filters.stream().map(BgpFilter::name).toList();
    }
}

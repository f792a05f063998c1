package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.route.RouteAttributes;

/**
 * The hook the speaker calls for every route a peer sends, before the route enters the Loc-RIB.
 * Runs on the RIB thread; must not block and should not allocate when it changes nothing
 * (return {@link PolicyResult#unchanged()}). The address family is {@code prefix.afi()}: flatnet
 * routes unicast only.
 */
@FunctionalInterface
public interface ImportPolicy {

    /**
     * @param prefix     the route's prefix
     * @param attributes its path attributes as received (after RFC 7606 handling)
     * @param from       the session it arrived on
     */
    PolicyResult importRoute(IpPrefix prefix, RouteAttributes attributes, PeerContext from);

    /**
     * Whether {@link #importRoute} may answer differently for two prefixes of {@code afi} with the
     * same attributes from the same session. When it cannot, the speaker asks once per UPDATE, not
     * once per prefix: a full table is a million prefixes in a few thousand UPDATEs. Unknown hooks
     * are taken to read the prefix.
     */
    default boolean readsPrefix(Afi afi) {
        return true;
    }

    /** Accepts everything unchanged. */
    static ImportPolicy acceptAll() {
        return (prefix, attributes, from) -> PolicyResult.unchanged();
    }

    /**
     * This hook, then {@code next} on what it accepted (with its attributes). The first rejection
     * wins; a pass-through of both returns {@link PolicyResult#unchanged()}.
     */
    default ImportPolicy then(ImportPolicy next) {
        ImportPolicy first = this;
        return (prefix, attributes, from) -> {
            PolicyResult r1 = first.importRoute(prefix, attributes, from);
            if (r1.isRejected()) {
                return r1;
            }
            RouteAttributes a1 = r1.attributes(attributes);
            PolicyResult r2 = next.importRoute(prefix, a1, from);
            return PolicyResults.combine(attributes, r1, a1, r2);
        };
    }
}

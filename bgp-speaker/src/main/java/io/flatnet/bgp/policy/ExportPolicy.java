package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.route.RouteAttributes;

/**
 * The hook the speaker calls for every best-path change and every peer (or update group) it might
 * advertise the route to. Runs on the RIB thread; must not block and should not allocate when it
 * changes nothing (return {@link PolicyResult#unchanged()}). The address family is
 * {@code prefix.afi()}.
 *
 * <p>The attributes are the Loc-RIB's; the hook must not assume next hop, AS_PATH prepending of
 * the local AS on eBGP, or LOCAL_PREF stripping have been done: those are the speaker's work
 * after the hook accepted (see {@link NextHopMode}).
 */
@FunctionalInterface
public interface ExportPolicy {

    /**
     * @param prefix     the route's prefix
     * @param attributes its attributes in the Loc-RIB
     * @param source     where the route came from (a {@link PeerContext}, or {@link SourceFacts#local})
     * @param to         the session the route would be sent on
     */
    PolicyResult exportRoute(IpPrefix prefix, RouteAttributes attributes, SourceFacts source, PeerContext to);

    /** Accepts everything unchanged. */
    static ExportPolicy acceptAll() {
        return (prefix, attributes, source, to) -> PolicyResult.unchanged();
    }

    /**
     * The plain iBGP rule of RFC 4271 §9.2: a route learned from an iBGP peer is not advertised to
     * another iBGP peer, nor back to the peer it came from. Everything else passes. This is the
     * speaker's default "advertisement rule"; route reflection (RFC 4456) replaces it.
     */
    static ExportPolicy ibgpSplitHorizon() {
        return IbgpSplitHorizon.INSTANCE;
    }

    /**
     * This hook, then {@code next} on what it accepted (with its attributes). The first rejection
     * wins; a pass-through of both returns {@link PolicyResult#unchanged()}.
     */
    default ExportPolicy then(ExportPolicy next) {
        ExportPolicy first = this;
        return (prefix, attributes, source, to) -> {
            PolicyResult r1 = first.exportRoute(prefix, attributes, source, to);
            if (r1.isRejected()) {
                return r1;
            }
            RouteAttributes a1 = r1.attributes(attributes);
            PolicyResult r2 = next.exportRoute(prefix, a1, source, to);
            return PolicyResults.combine(attributes, r1, a1, r2);
        };
    }
}

package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.route.RouteAttributes;

/**
 * The rules of the protocol itself that every route passes before the peer's filters: which
 * learned routes may be advertised to which peers (RFC 4271 §9.2 iBGP split horizon, or
 * reflection per RFC 4456), the attributes that advertisement needs (ORIGINATOR_ID,
 * CLUSTER_LIST), the loop checks on import, and whether a learned route that no filter rule
 * matched is exported by default.
 *
 * <p>The speaker is given one instance and does not know which: {@link #standard()} for a plain
 * node, or the route-reflector module's implementation. Filters cannot override a rejection
 * here: a filter that accepts an iBGP-learned route towards an iBGP non-client still sends nothing.
 */
public interface ProtocolRules extends ImportPolicy, ExportPolicy {

    /**
     * Whether a learned route ({@code source} not LOCAL) that {@link #exportRoute} allowed to
     * {@code to} is exported when no filter rule matched. The Calico default is to export only
     * the node's own advertisements, so {@link #standard()} answers false; a route reflector
     * answers true for what it reflects.
     */
    boolean exportsLearnedByDefault(SourceFacts source, PeerContext to);

    /**
     * Whether {@link #exportRoute} may answer differently for two prefixes of one family with the
     * same attributes, source and peer. When it does not (and the filters match no prefix either),
     * the speaker reuses one answer for a run of prefixes that share attributes, which is how a
     * full table arrives. Unknown implementations are taken to read the prefix.
     */
    default boolean exportReadsPrefix() {
        return true;
    }

    /** {@link #exportReadsPrefix()} for {@link #importRoute}. */
    default boolean importReadsPrefix() {
        return true;
    }

    /** A plain speaker: iBGP split horizon, no import checks, learned routes not exported by default. */
    static ProtocolRules standard() {
        return Standard.INSTANCE;
    }

    /** See {@link ProtocolRules#standard()}. */
    final class Standard implements ProtocolRules {
        static final Standard INSTANCE = new Standard();

        private Standard() {
        }

        @Override
        public PolicyResult importRoute(IpPrefix prefix, RouteAttributes attributes, PeerContext from) {
            return PolicyResult.unchanged();
        }

        @Override
        public PolicyResult exportRoute(IpPrefix prefix, RouteAttributes attributes, SourceFacts source, PeerContext to) {
            return ExportPolicy.ibgpSplitHorizon().exportRoute(prefix, attributes, source, to);
        }

        @Override
        public boolean exportsLearnedByDefault(SourceFacts source, PeerContext to) {
            return false;
        }

        @Override
        public boolean exportReadsPrefix() {
            return false; // iBGP split horizon looks at the source and the peer only
        }

        @Override
        public boolean importReadsPrefix() {
            return false; // no import checks at all
        }

        @Override
        public String toString() {
            return "standard";
        }
    }
}

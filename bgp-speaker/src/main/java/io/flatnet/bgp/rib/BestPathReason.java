package io.flatnet.bgp.rib;

/**
 * The step of the decision process that chose the best path: the tie-breaker after which only the
 * best path was left. In evaluation order, after the eligibility check.
 */
public enum BestPathReason {
    /** There were no candidates. */
    NO_PATHS,
    /** There was exactly one candidate and its next hop is reachable. */
    ONLY_PATH,
    /** The other candidates had unreachable next hops; with none reachable there is no best. */
    NEXT_HOP_UNREACHABLE,
    /** Highest LOCAL_PREF (RFC 4271 §9.1.1); absent counts as the configured default, 100. */
    LOCAL_PREF,
    /** A locally originated path beats learned ones (as FRR, Cisco and, through protocol preference, BIRD do). */
    LOCAL_ORIGIN,
    /** Shortest AS_PATH, an AS_SET counting one and confederation segments nothing (RFC 4271 §9.1.2.2 a). */
    AS_PATH_LENGTH,
    /** Lowest ORIGIN: IGP, then EGP, then INCOMPLETE (§9.1.2.2 b). */
    ORIGIN,
    /** Lowest MULTI_EXIT_DISC among paths from the same neighbouring AS (§9.1.2.2 c). */
    MED,
    /** eBGP-learned paths beat iBGP-learned ones (§9.1.2.2 d). */
    EBGP_OVER_IBGP,
    /** Lowest BGP identifier, ORIGINATOR_ID standing in when present (§9.1.2.2 f, RFC 4456 §9). */
    ROUTER_ID,
    /** Shortest CLUSTER_LIST (RFC 4456 §9). */
    CLUSTER_LIST_LENGTH,
    /** Lowest peer address (§9.1.2.2 g). */
    PEER_ADDRESS,
    /** Lowest add-path identifier: two paths from the same peer that tie on everything else (RFC 7911). */
    PATH_ID
}

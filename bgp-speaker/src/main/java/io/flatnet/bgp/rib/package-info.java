/**
 * The routing information bases. For now only the Adj-RIB-In (RFC 4271 §3.2): per peer and
 * address family, the routes received and accepted, keyed by add-path identifier (RFC 7911) and
 * prefix, each pointing at an interned {@link io.flatnet.bgp.rib.AttributeSet} (far fewer
 * distinct attribute sets exist than routes, so routes share them).
 *
 * <p>Threading: all RIB state is owned by one single-threaded executor. Sessions, which live on
 * netty event loops, post changes to it and never touch the maps themselves; queries are answered
 * by snapshots computed on that executor. Graceful restart helper mode (RFC 4724 stale routes),
 * the Loc-RIB and best path selection come later.
 */
package io.flatnet.bgp.rib;

/**
 * The routes each peer has sent, per family, as the sessions deliver them: a per-peer store of
 * interned attribute sets, updated on one single-threaded executor that sessions post to. It is
 * what {@code flatnetctl} and the interop tests read today; the routing engine proper
 * ({@code io.flatnet.bgp.rib}: best path, Loc-RIB, graceful-restart staleness) takes its place as
 * the sessions are wired to it.
 */
package io.flatnet.bgp.session.received;

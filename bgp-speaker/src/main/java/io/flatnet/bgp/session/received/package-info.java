/**
 * A read-only, wire-form view of the routes each peer has sent and import accepted: snapshots of
 * the {@link io.flatnet.bgp.rib.Rib}'s Adj-RIBs-In taken on the RIB thread, each route with an
 * {@link io.flatnet.bgp.session.received.AttributeSet} shared by routes of equal attributes. It is
 * what {@code flatnetctl} and the interop tests read.
 */
package io.flatnet.bgp.session.received;

/**
 * Import and export policy as values the speaker calls per route: the hook points of RFC 4271 §9.1
 * (Adj-RIB-In to Loc-RIB, Loc-RIB to Adj-RIB-Out) and of route reflection (RFC 4456).
 *
 * <p>Only the interfaces and the defaults live here so far: {@link io.flatnet.bgp.policy.ImportPolicy},
 * {@link io.flatnet.bgp.policy.ExportPolicy} and {@link io.flatnet.bgp.policy.RouteReflection}.
 * Typed rules (Calico BGPFilter-like) implement them. Policies are compared with {@code equals}:
 * peers whose export policies are equal share an update group, so implementations should be
 * records or singletons. Uses {@code model} only.
 */
package io.flatnet.bgp.policy;

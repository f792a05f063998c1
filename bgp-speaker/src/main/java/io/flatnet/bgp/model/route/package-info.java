/**
 * The path attributes of a route as the RIB and policy see them, free of wire details: one
 * immutable {@link io.flatnet.bgp.model.route.RouteAttributes} per attribute set, which the RIB
 * interns. AS numbers are the real 4-octet ones (RFC 6793); the next hop is one address whether it
 * came in NEXT_HOP or MP_REACH_NLRI (RFC 4760), with the optional IPv6 link-local of RFC 2545.
 * Covers RFC 4271 §5, RFC 1997, RFC 4360, RFC 4456 §8, RFC 5065 and RFC 8092. Unknown optional
 * transitive attributes travel as {@link io.flatnet.bgp.model.route.OpaqueAttribute}s.
 * {@code wire.RouteAttributesMapper} converts to and from the wire's attribute records.
 */
package io.flatnet.bgp.model.route;

/**
 * The five BGP message types (RFC 4271 §4, RFC 2918 / RFC 7313 for ROUTE-REFRESH) as immutable
 * values. They describe what is on the wire; they do not encode or decode themselves (the codecs
 * in {@code io.flatnet.bgp.wire} do), and they are never changed in place.
 */
package io.flatnet.bgp.wire.message;

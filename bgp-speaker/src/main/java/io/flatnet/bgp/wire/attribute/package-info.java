/**
 * Path attributes (RFC 4271 §4.3 and §5, RFC 1997, RFC 4360, RFC 4456, RFC 4760, RFC 6793,
 * RFC 8092) as values. AS numbers are always the real 4-octet ones; AS_TRANS, AS4_PATH and
 * AS4_AGGREGATOR exist only on the wire. An attribute flatnet does not know is an
 * {@link io.flatnet.bgp.wire.attribute.UnknownAttribute} that keeps its flags and bytes.
 */
package io.flatnet.bgp.wire.attribute;

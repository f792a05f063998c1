/**
 * OPEN capabilities (RFC 5492) as values: multiprotocol (RFC 4760), route refresh (RFC 2918),
 * enhanced route refresh (RFC 7313), 4-octet AS (RFC 6793), graceful restart (RFC 4724),
 * extended messages (RFC 8654), add-path (RFC 7911), extended next hop (RFC 8950). Any other
 * capability is kept byte for byte as {@link io.flatnet.bgp.wire.capability.UnknownCapability}.
 */
package io.flatnet.bgp.wire.capability;

/**
 * The OPEN message codec: the fixed fields (RFC 4271 §4.2, with the RFC 6286 and RFC 7607
 * checks), optional parameters in both the one-octet and the RFC 9072 extended-length format,
 * and capabilities (RFC 5492), each decoded and encoded by its own codec registered in one table
 * keyed by capability code ({@link io.flatnet.bgp.wire.open.CapabilityCodecs}).
 *
 * <p>Error rules, where the RFCs leave a choice:
 * <ul>
 *   <li>Anything that breaks the framing of parameters or capabilities (a length that overruns
 *       its container, a header cut short, an Optional Parameters Length that disagrees with the
 *       message length) is 2/0, OPEN Message Error with no subcode: RFC 4271 §6.2 gives 2/0 to
 *       a recognised optional parameter that is malformed.
 *   <li>A known capability whose length its RFC does not allow (a 4-octet AS capability of 2
 *       octets, a route refresh capability with a value) is 2/0 too, for the same reason: it is
 *       recognised and malformed, and guessing at its meaning could negotiate a session the peer
 *       did not intend.
 *   <li>A known capability that is well framed but holds a value flatnet cannot represent (an
 *       add-path Send/Receive value other than 1..3, which RFC 7911 §4 says to treat as not
 *       understood; an extended next hop SAFI above 255) is kept as an
 *       {@link io.flatnet.bgp.wire.capability.UnknownCapability}, byte for byte: RFC 5492 §3
 *       has a speaker ignore what it does not understand.
 *   <li>Optional parameter types other than 2 (Capabilities) are 2/4; that includes type 1, the
 *       authentication parameter RFC 4271 removed, and 255 anywhere but the RFC 9072 marker.
 * </ul>
 */
package io.flatnet.bgp.wire.open;

/**
 * The BGP-4 wire protocol: framing, the message codecs, the negotiated facts that steer them
 * ({@link io.flatnet.bgp.wire.CodecContext}) and the error model.
 *
 * <p>Covers RFC 4271 (messages), RFC 4760 (multiprotocol), RFC 6793 (4-octet AS), RFC 7911
 * (add-path NLRI), RFC 8654 (extended messages), RFC 8950 (IPv4 NLRI with IPv6 next hop) and,
 * throughout, RFC 7606: every malformed input becomes a {@link io.flatnet.bgp.wire.WireError}
 * carrying its NOTIFICATION code and the action the RFC gives it, never an unchecked exception.
 * Message values live in {@code wire.message}, path attributes in {@code wire.attribute},
 * capabilities in {@code wire.capability}; the OPEN codec and its capability codec table in
 * {@code wire.open}.
 *
 * <p>Entry points: {@link io.flatnet.bgp.wire.BgpFrameDecoder} cuts the TCP stream into frames
 * (reporting bad headers as a {@link io.flatnet.bgp.wire.FrameErrorEvent}),
 * {@link io.flatnet.bgp.wire.MessageDecoder} turns a frame into a message,
 * {@link io.flatnet.bgp.wire.MessageEncoder} and {@link io.flatnet.bgp.wire.BgpMessageEncoder}
 * write messages.
 */
package io.flatnet.bgp.wire;

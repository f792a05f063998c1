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
 *
 * <h2>UPDATE codec</h2>
 *
 * {@link io.flatnet.bgp.wire.UpdateDecoder} and {@link io.flatnet.bgp.wire.UpdateEncoder} are the
 * entry points; {@link io.flatnet.bgp.wire.UpdatePacker} splits large announcements. One codec
 * class per attribute type ({@code OriginCodec} ... {@code LargeCommunitiesCodec}) is registered
 * in the single table {@code AttributeCodecs}; {@code NlriCodec} reads NLRI without allocating
 * per prefix; {@code UpdateReader} applies RFC 7606.
 *
 * <h2>What a malformed UPDATE leads to</h2>
 *
 * <table>
 * <caption>RFC 7606 decisions (strongest action wins; a session reset is thrown)</caption>
 * <tr><th>malformation</th><th>action</th><th>code</th><th>source</th></tr>
 * <tr><td>body under 4 octets (message under 23)</td><td>session reset</td><td>1/2, data = length</td><td>4271 §6.1</td></tr>
 * <tr><td>Withdrawn Routes Length or Total Path Attribute Length overruns the message</td><td>session reset</td><td>3/1</td><td>4271 §6.3</td></tr>
 * <tr><td>prefix length over 32 or entry overrunning the field, in Withdrawn Routes or NLRI
 *     (add-path id included)</td><td>session reset</td><td>3/10</td><td>7606 §5.3</td></tr>
 * <tr><td>fewer than 3 (4 with Extended Length) octets left for an attribute header</td><td>treat-as-withdraw</td><td>3/1</td><td>7606 §4</td></tr>
 * <tr><td>an attribute overrunning the path attributes</td><td>treat-as-withdraw</td><td>3/5</td><td>7606 §4</td></tr>
 * <tr><td>... when that attribute is MP_REACH/MP_UNREACH (its NLRI cannot be located)</td><td>session reset</td><td>3/5 (3/1 if its header is cut)</td><td>7606 §3 j</td></tr>
 * <tr><td>unknown type flagged well-known</td><td>session reset</td><td>3/2, data = attribute</td><td>4271 §6.3, unchanged by 7606</td></tr>
 * <tr><td>unknown optional type, whatever its bytes</td><td>none: kept byte for byte</td><td>-</td><td>4271 §5</td></tr>
 * <tr><td>MP_REACH_NLRI or MP_UNREACH_NLRI twice</td><td>session reset</td><td>3/1</td><td>7606 §3 g</td></tr>
 * <tr><td>any other attribute twice</td><td>attribute discard (all but the first)</td><td>3/1</td><td>7606 §3 g</td></tr>
 * <tr><td>Optional/Transitive bits contradicting a known type</td><td>the attribute's own action below;
 *     MP attributes still parsed, then treat-as-withdraw</td><td>3/4</td><td>7606 §3 c</td></tr>
 * <tr><td>Partial bit on a well-known attribute; the four unused flag bits</td><td>none (ignored)</td><td>-</td><td>7606 §3 c judges O/T only</td></tr>
 * <tr><td>ORIGIN length not 1 / value not 0-2</td><td>treat-as-withdraw</td><td>3/5 / 3/6</td><td>7606 §7.1</td></tr>
 * <tr><td>AS_PATH: unknown segment type, zero count, overrun, lone trailing octet, AS 0</td><td>treat-as-withdraw</td><td>3/11</td><td>7606 §7.2, 7607</td></tr>
 * <tr><td>NEXT_HOP length not 4</td><td>treat-as-withdraw</td><td>3/5</td><td>7606 §7.3</td></tr>
 * <tr><td>NEXT_HOP (with IPv4 NLRI) or MP_REACH next hop (with NLRI) unspecified, multicast,
 *     255.255.255.255</td><td>treat-as-withdraw</td><td>3/8</td><td>4271 §6.3 "ignore the route"</td></tr>
 * <tr><td>MULTI_EXIT_DISC length not 4</td><td>treat-as-withdraw</td><td>3/5</td><td>7606 §7.4</td></tr>
 * <tr><td>LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST from an external peer</td><td>attribute discard</td><td>3/0 (log only)</td><td>7606 §7.5, §7.9, §7.10</td></tr>
 * <tr><td>... from an internal peer: length not 4 / not a non-zero multiple of 4</td><td>treat-as-withdraw</td><td>3/5</td><td>same</td></tr>
 * <tr><td>ATOMIC_AGGREGATE length not 0</td><td>attribute discard</td><td>3/5</td><td>7606 §7.6</td></tr>
 * <tr><td>AGGREGATOR length not 6 (2-octet AS) / 8 (4-octet AS); AS 0</td><td>attribute discard</td><td>3/5; 3/9</td><td>7606 §7.7, 7607</td></tr>
 * <tr><td>COMMUNITIES / EXTENDED_COMMUNITIES / LARGE_COMMUNITIES not a non-zero multiple of
 *     4 / 8 / 12</td><td>treat-as-withdraw</td><td>3/5</td><td>7606 §7.8, §7.14, 8092 §6</td></tr>
 * <tr><td>ORIGIN, AS_PATH (any NLRI announced) or NEXT_HOP (IPv4 NLRI announced) absent;
 *     nothing is required of a withdrawal or End-of-RIB</td><td>treat-as-withdraw</td><td>3/3, data = type</td><td>7606 §3 d, 4760 §3</td></tr>
 * <tr><td>MP attribute too short for AFI/SAFI</td><td>session reset</td><td>3/9, data = attribute</td><td>4760 §7</td></tr>
 * <tr><td>MP attribute for a family not negotiated or not routed by flatnet</td><td>attribute discard (ignored, logged)</td><td>3/9</td><td>no RFC error; chosen</td></tr>
 * <tr><td>MP_REACH next hop length wrong for the family (IPv4: 4, or 16/32 with RFC 8950;
 *     IPv6: 16/32), next hop overrunning, NLRI syntax error (either MP attribute)</td><td>AFI/SAFI disable</td><td>3/9</td><td>7606 §7.11, §5.3, 4760 §7</td></tr>
 * <tr><td>AS4_PATH / AS4_AGGREGATOR on a 4-octet AS session</td><td>attribute discard</td><td>3/9</td><td>6793 §6</td></tr>
 * <tr><td>AS4_PATH malformed (odd or under 6 octets, bad segment) / AS4_AGGREGATOR not 8 octets,
 *     on a 2-octet AS session</td><td>attribute discard</td><td>3/9 / 3/5</td><td>6793 §6</td></tr>
 * <tr><td>AS4_PATH confederation segments</td><td>those segments dropped, rest used (logged as discard)</td><td>3/9</td><td>6793 §6</td></tr>
 * </table>
 *
 * Host bits set past a prefix length are masked, not an error (RFC 4271 §4.3). The data of an
 * attribute error is the whole attribute (flags, type, length, value) as RFC 4271 §6.3 asks.
 */
package io.flatnet.bgp.wire;

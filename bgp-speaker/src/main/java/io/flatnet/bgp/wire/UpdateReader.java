package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.wire.attribute.Aggregator;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.AttributeFlags;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.MpUnreachNlri;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.attribute.UnknownAttribute;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one UPDATE body with RFC 7606 error handling; used once per message. The steps follow
 * the RFC's reasoning rather than wire order:
 *
 * <ol>
 *   <li>The two length fields must fit the message, or nothing can be located: session reset.
 *   <li>Withdrawn Routes and NLRI must parse (RFC 7606 §5.3), or treat-as-withdraw is impossible.
 *   <li>The attributes are framed once, without decoding values: this finds an overrun (after
 *       which the Total Attribute Length still locates the NLRI, RFC 7606 §4), a well-known type
 *       we do not know, and where MP_REACH_NLRI and MP_UNREACH_NLRI are.
 *   <li>MP_REACH_NLRI and MP_UNREACH_NLRI are decoded first (RFC 7606 §5.1 asks senders to put
 *       them first for this reason; we cannot count on it), so their NLRI are known whatever
 *       else is malformed.
 *   <li>The other attributes are decoded in wire order, each error getting its own action.
 *   <li>Whole-message checks: AS4_PATH merge, missing mandatory attributes, unusable next hops.
 * </ol>
 *
 * Session resets are thrown at once; other errors are collected and the strongest action wins
 * ({@link Decoded#action()}).
 */
final class UpdateReader {
    /** The UPDATE body, copied once: the reader's own framing reads come from here. */
    private final byte[] octets;
    /** The same octets as a buffer, sliced for the attribute codecs. */
    private final ByteBuf body;
    private final CodecContext context;
    private final List<PathAttribute> attributes = new ArrayList<>(8);
    private List<WireError> errors;

    /** Type codes met in the attribute walk, for duplicates and the mandatory check: 256 bits. */
    private final long[] seen = new long[4];
    private int framedEnd;
    private boolean attributesTruncated;

    private int mpReachAt = -1;
    private int mpUnreachAt = -1;
    private MpReachNlri mpReach;
    private MpUnreachNlri mpUnreach;

    private int asPathIndex = -1;
    private int aggregatorIndex = -1;
    private As4Path as4Path;
    private As4Aggregator as4Aggregator;
    private NextHop nextHop;
    private int nextHopAt = -1;

    /**
     * A reader of {@code body}'s readable bytes, which it copies: a few dozen framing reads and
     * every NLRI octet then come from a plain array, not through a (pooled, sliced) buffer's
     * bounds and liveness checks on each call; the copy costs one bulk move.
     */
    UpdateReader(ByteBuf body, CodecContext context) {
        this.octets = ByteBufUtil.getBytes(body);
        this.body = Unpooled.wrappedBuffer(octets);
        this.context = context;
    }

    Decoded read() throws BgpWireException {
        int size = octets.length;
        int end = size;
        if (size < 4) {
            int messageLength = size + CodecContext.HEADER_LENGTH;
            throw reset(NotificationCode.BAD_MESSAGE_LENGTH, Bytes.of((byte) (messageLength >>> 8), (byte) messageLength),
                    "UPDATE of " + messageLength + " octets is shorter than the minimum of 23");
        }
        int withdrawnLength = u16(0);
        if (withdrawnLength > size - 4) {
            throw reset(NotificationCode.MALFORMED_ATTRIBUTE_LIST, Bytes.EMPTY, "Withdrawn Routes Length " + withdrawnLength
                    + " overruns the UPDATE body of " + size + " octets");
        }
        int attributesLengthAt = 2 + withdrawnLength;
        int attributesLength = u16(attributesLengthAt);
        int attributesStart = attributesLengthAt + 2;
        int attributesEnd = attributesStart + attributesLength;
        if (attributesEnd > end) {
            throw reset(NotificationCode.MALFORMED_ATTRIBUTE_LIST, Bytes.EMPTY, "Total Path Attribute Length " + attributesLength
                    + " overruns the UPDATE body by " + (attributesEnd - end) + " octets");
        }
        boolean pathIds = context.receivesPathIds(AddressFamily.IPV4_UNICAST);
        NlriList withdrawn = field(2, attributesLengthAt, pathIds, "Withdrawn Routes");
        NlriList nlri = field(attributesEnd, end, pathIds, "NLRI");

        frame(attributesStart, attributesEnd);
        if (mpReachAt >= 0) {
            mpReach = (MpReachNlri) decodeAt(mpReachAt);
        }
        if (mpUnreachAt >= 0) {
            mpUnreach = (MpUnreachNlri) decodeAt(mpUnreachAt);
        }
        decodeAttributes(attributesStart);
        mergeAs4();
        checkMandatory(nlri);
        checkNextHops(nlri);
        return new Decoded(new Update(withdrawn, attributes, nlri), errors == null ? List.of() : errors);
    }

    /** The UPDATE's own IPv4 fields: a syntax error there is a session reset, 3/10 (RFC 7606 §5.3). */
    private NlriList field(int from, int to, boolean pathIds, String name) throws BgpWireException {
        try {
            return NlriCodec.decode(octets, from, to, Afi.IPV4, pathIds);
        } catch (MalformedException e) {
            throw reset(e.code(), Bytes.EMPTY, name + " field: " + e.reason());
        }
    }

    /** First walk: attribute headers only. */
    private void frame(int start, int end) throws BgpWireException {
        int pos = start;
        while (pos < end) {
            int left = end - pos;
            int header = headerLength(pos);
            if (left < header) {
                String reason = left + " octets after the last attribute are too few for an attribute header";
                if (left >= 2 && isMp(u8(pos + 1))) {
                    // An MP attribute cut in its header: its NLRI cannot be located (RFC 7606 §3 j).
                    throw reset(NotificationCode.MALFORMED_ATTRIBUTE_LIST, bytes(pos, left),
                            reason + " (" + name(u8(pos + 1)) + ")");
                }
                truncated(pos, end, NotificationCode.MALFORMED_ATTRIBUTE_LIST, reason);
                break;
            }
            int flags = u8(pos);
            int type = u8(pos + 1);
            int length = valueLength(pos);
            if (header + length > left) {
                String reason = name(type) + " length " + length + " overruns the path attributes by "
                        + (header + length - left) + " octets";
                if (isMp(type)) {
                    // Its NLRI cannot be located, so treat-as-withdraw is impossible (RFC 7606 §3 j).
                    throw reset(NotificationCode.ATTRIBUTE_LENGTH_ERROR, bytes(pos, left), reason);
                }
                truncated(pos, end, NotificationCode.ATTRIBUTE_LENGTH_ERROR, reason);
                break;
            }
            if (AttributeType.fromCode(type) == null && !AttributeFlags.isOptional(flags)) {
                throw reset(NotificationCode.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, bytes(pos, header + length),
                        "attribute type " + type + " is flagged well-known but flatnet does not know it");
            }
            if (type == AttributeType.MP_REACH_NLRI.code()) {
                mpReachAt = onlyOnce(mpReachAt, pos, header + length, type);
            } else if (type == AttributeType.MP_UNREACH_NLRI.code()) {
                mpUnreachAt = onlyOnce(mpUnreachAt, pos, header + length, type);
            }
            pos += header + length;
        }
        framedEnd = pos;
    }

    /** RFC 7606 §3 g: a repeated MP_REACH_NLRI or MP_UNREACH_NLRI leaves no way to tell which NLRI count. */
    private int onlyOnce(int firstAt, int pos, int attributeLength, int type) throws BgpWireException {
        if (firstAt >= 0) {
            throw reset(NotificationCode.MALFORMED_ATTRIBUTE_LIST, bytes(pos, attributeLength),
                    name(type) + " appears more than once");
        }
        return pos;
    }

    /** RFC 7606 §4: an attribute list that ends early; the Total Attribute Length still locates the NLRI. */
    private void truncated(int pos, int end, NotificationCode code, String reason) {
        attributesTruncated = true;
        error(ErrorAction.TREAT_AS_WITHDRAW, code, bytes(pos, end - pos), reason);
    }

    /** Second walk: every framed attribute but the MP ones, which are already decoded, in wire order. */
    private void decodeAttributes(int start) throws BgpWireException {
        int pos = start;
        while (pos < framedEnd) {
            int type = u8(pos + 1);
            int next = pos + headerLength(pos) + valueLength(pos);
            if (type == AttributeType.MP_REACH_NLRI.code()) {
                markSeen(type);
                addIfPresent(mpReach);
            } else if (type == AttributeType.MP_UNREACH_NLRI.code()) {
                markSeen(type);
                addIfPresent(mpUnreach);
            } else if (wasSeen(type)) {
                error(ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.MALFORMED_ATTRIBUTE_LIST, attributeBytes(pos),
                        name(type) + " appears more than once; all but the first are discarded (RFC 7606 §3 g)");
            } else {
                markSeen(type);
                decodeOther(pos, type);
            }
            pos = next;
        }
    }

    private void decodeOther(int pos, int type) throws BgpWireException {
        AttributeCodec<?> codec = AttributeCodecs.forCode(type);
        if (codec == null) {
            int flags = u8(pos);
            int header = headerLength(pos);
            attributes.add(new UnknownAttribute(flags, type, bytes(pos + header, valueLength(pos))));
            return;
        }
        AttributeType known = codec.type();
        boolean ibgpOnly = known == AttributeType.LOCAL_PREF || known == AttributeType.ORIGINATOR_ID
                || known == AttributeType.CLUSTER_LIST;
        if (ibgpOnly && !context.internalPeer()) {
            error(ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.UPDATE_MESSAGE_ERROR, attributeBytes(pos),
                    known + " from an external peer is discarded (RFC 7606 §7.5, §7.9, §7.10)");
            return;
        }
        if (context.fourOctetAs() && (known == AttributeType.AS4_PATH || known == AttributeType.AS4_AGGREGATOR)) {
            error(ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR, attributeBytes(pos),
                    known + " between two 4-octet AS speakers is discarded (RFC 6793 §6)");
            return;
        }
        switch (decodeAt(pos)) {
            case null -> { }
            case As4Path path -> {
                as4Path = path;
                if (path.droppedConfedSegments()) {
                    error(ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR, attributeBytes(pos),
                            "AS4_PATH confederation segments are discarded (RFC 6793 §6)");
                }
            }
            case As4Aggregator aggregator -> as4Aggregator = aggregator;
            case AsPath path -> {
                asPathIndex = attributes.size();
                attributes.add(path);
            }
            case Aggregator aggregator -> {
                aggregatorIndex = attributes.size();
                attributes.add(aggregator);
            }
            case NextHop hop -> {
                nextHop = hop;
                nextHopAt = pos;
                attributes.add(hop);
            }
            case PathAttribute attribute -> attributes.add(attribute);
            default -> throw new IllegalStateException(
                    codec.getClass().getSimpleName() + " returned a " + codec.type() + " value of an unexpected kind");
        }
    }

    /**
     * Decodes the attribute at {@code pos} with its codec, or records why not and returns null.
     * Flags that contradict the type make the attribute malformed (RFC 7606 §3 c) with the
     * attribute's own action; MP attributes are still decoded then, so that their NLRI can be
     * withdrawn, which treat-as-withdraw needs (RFC 7606 §3 j).
     */
    private Object decodeAt(int pos) throws BgpWireException {
        int flags = u8(pos);
        int type = u8(pos + 1);
        AttributeCodec<?> codec = AttributeCodecs.forCode(type);
        AttributeType known = codec.type();
        int expected = known.flags();
        boolean flagsWrong = (flags & (AttributeFlags.OPTIONAL | AttributeFlags.TRANSITIVE)) != expected;
        String flagsReason = flagsWrong
                ? String.format("%s flags 0x%02x contradict its type, which is %s", known, flags, kind(expected))
                : null;
        if (flagsWrong && !isMp(type)) {
            error(codec.malformedAction(), NotificationCode.ATTRIBUTE_FLAGS_ERROR, attributeBytes(pos), flagsReason);
            return null;
        }
        Object value;
        try {
            value = codec.decode(body.slice(pos + headerLength(pos), valueLength(pos)), context);
        } catch (MalformedException e) {
            WireError error = new WireError(e.actionOr(codec.malformedAction()), e.code(), attributeBytes(pos), e.reason());
            if (error.action() == ErrorAction.SESSION_RESET) {
                throw new BgpWireException(error);
            }
            addError(error);
            return null;
        }
        if (flagsWrong) {
            error(ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_FLAGS_ERROR, attributeBytes(pos), flagsReason);
        }
        return value;
    }

    /**
     * RFC 6793 §4.2.3, on a 2-octet AS session: AS4_AGGREGATOR and AS4_PATH hold the real ASNs
     * unless an AGGREGATOR not naming AS_TRANS shows that a 2-octet speaker aggregated the route
     * after they were written, in which case both are ignored.
     */
    private void mergeAs4() {
        if (context.fourOctetAs() || (as4Path == null && as4Aggregator == null)) {
            return;
        }
        Aggregator aggregator = aggregatorIndex >= 0 ? (Aggregator) attributes.get(aggregatorIndex) : null;
        if (aggregator != null && !aggregator.asn().equals(Asn.AS_TRANS)) {
            return;
        }
        if (aggregator != null && as4Aggregator != null) {
            attributes.set(aggregatorIndex, as4Aggregator.aggregator());
        }
        if (asPathIndex >= 0 && as4Path != null) {
            attributes.set(asPathIndex, As4Paths.merge((AsPath) attributes.get(asPathIndex), as4Path.path()));
        }
    }

    /**
     * RFC 7606 §3 d: ORIGIN and AS_PATH must come with any reachable NLRI, NEXT_HOP with the
     * UPDATE's own (RFC 4760 §3 makes it optional for MP-only ones). Presence is what counts: a
     * malformed ORIGIN is already an error of its own. Withdrawals and End-of-RIB need nothing.
     * Skipped after a truncated attribute list, whose missing tail would only repeat that error.
     */
    private void checkMandatory(NlriList nlri) {
        boolean announcesV4 = !nlri.isEmpty();
        boolean announcesMp = mpReach != null && !mpReach.nlri().isEmpty();
        if (attributesTruncated || (!announcesV4 && !announcesMp)) {
            return;
        }
        require(AttributeType.ORIGIN);
        require(AttributeType.AS_PATH);
        if (announcesV4) {
            require(AttributeType.NEXT_HOP);
        }
    }

    private void require(AttributeType type) {
        if (!wasSeen(type.code())) {
            error(ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.MISSING_WELL_KNOWN_ATTRIBUTE, Bytes.of((byte) type.code()),
                    "well-known attribute " + type + " is missing from an UPDATE announcing NLRI");
        }
    }

    /**
     * RFC 4271 §6.3 asks that a route with a semantically wrong next hop be ignored without a
     * NOTIFICATION; treat-as-withdraw does that and also drops what the peer announced before
     * for those prefixes, which this UPDATE replaces. Wrong here means no host could be it:
     * unspecified, multicast, or (IPv4) limited broadcast. Whether it is our own address or
     * on a shared subnet needs the session and is checked there.
     */
    private void checkNextHops(NlriList nlri) {
        if (!nlri.isEmpty() && nextHop != null && unusable(nextHop.address())) {
            error(ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.INVALID_NEXT_HOP_ATTRIBUTE, attributeBytes(nextHopAt),
                    "NEXT_HOP " + nextHop.address() + " cannot be a next hop");
        }
        if (mpReach != null && !mpReach.nlri().isEmpty() && unusable(mpReach.nextHop())) {
            error(ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.INVALID_NEXT_HOP_ATTRIBUTE, attributeBytes(mpReachAt),
                    "MP_REACH_NLRI next hop " + mpReach.nextHop() + " cannot be a next hop");
        }
    }

    static boolean unusable(IpAddress address) {
        if (address.isUnspecified()) {
            return true;
        }
        if (address.isV4()) {
            int bits = address.v4Bits();
            return (bits >>> 28) == 0xE || bits == -1;
        }
        return (address.high() >>> 56) == 0xFF;
    }

    private void addIfPresent(PathAttribute attribute) {
        if (attribute != null) {
            attributes.add(attribute);
        }
    }

    private int headerLength(int pos) {
        return (u8(pos) & AttributeFlags.EXTENDED_LENGTH) != 0 ? 4 : 3;
    }

    /** The Attribute Length of a header already known to be complete. */
    private int valueLength(int pos) {
        return headerLength(pos) == 4 ? u16(pos + 2) : u8(pos + 2);
    }

    /** The whole attribute, header included: the NOTIFICATION data RFC 4271 §6.3 asks for. */
    private Bytes attributeBytes(int pos) {
        return bytes(pos, headerLength(pos) + valueLength(pos));
    }

    private Bytes bytes(int from, int length) {
        return Bytes.of(octets, from, length);
    }

    private int u8(int at) {
        return octets[at] & 0xFF;
    }

    private int u16(int at) {
        return (octets[at] & 0xFF) << 8 | (octets[at + 1] & 0xFF);
    }

    private boolean wasSeen(int type) {
        return (seen[type >>> 6] & (1L << type)) != 0;
    }

    private void markSeen(int type) {
        seen[type >>> 6] |= 1L << type;
    }

    private static String kind(int flags) {
        if (flags == AttributeFlags.WELL_KNOWN) {
            return "well-known";
        }
        return flags == AttributeFlags.OPTIONAL_TRANSITIVE ? "optional transitive" : "optional non-transitive";
    }

    private static boolean isMp(int type) {
        return type == AttributeType.MP_REACH_NLRI.code() || type == AttributeType.MP_UNREACH_NLRI.code();
    }

    private static String name(int type) {
        AttributeType known = AttributeType.fromCode(type);
        return known != null ? known.name() : "attribute type " + type;
    }

    private void error(ErrorAction action, NotificationCode code, Bytes data, String reason) {
        addError(new WireError(action, code, data, reason));
    }

    private void addError(WireError error) {
        if (errors == null) {
            errors = new ArrayList<>(2);
        }
        errors.add(error);
    }

    private static BgpWireException reset(NotificationCode code, Bytes data, String reason) {
        return new BgpWireException(WireError.reset(code, data, reason));
    }
}

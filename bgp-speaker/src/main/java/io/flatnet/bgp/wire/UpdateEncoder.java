package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.wire.attribute.Aggregator;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.AttributeFlags;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.flatnet.bgp.wire.attribute.ClusterList;
import io.flatnet.bgp.wire.attribute.Communities;
import io.flatnet.bgp.wire.attribute.ExtendedCommunities;
import io.flatnet.bgp.wire.attribute.KnownAttribute;
import io.flatnet.bgp.wire.attribute.LargeCommunities;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.attribute.UnknownAttribute;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the body of an UPDATE (everything after the 19-octet header) in one canonical form, so
 * that equal updates give equal bytes and an update group can encode once for all its peers:
 *
 * <ul>
 *   <li>MP_REACH_NLRI and MP_UNREACH_NLRI first, as RFC 7606 §5.1 requires of senders (so that
 *       a receiver can find the NLRI even if a later attribute is malformed), then the other
 *       attributes in ascending type code;
 *   <li>the Extended Length bit only when a value exceeds 255 octets;
 *   <li>on a 2-octet AS session, AS numbers above 65535 written as AS_TRANS, with AS4_PATH and
 *       AS4_AGGREGATOR added when the path or the aggregator needs them (RFC 6793 §4.2.2);
 *   <li>add-path identifiers for the families {@link CodecContext#sendsPathIds} names;
 *   <li>list attributes with no entries (COMMUNITIES, EXTENDED_COMMUNITIES, LARGE_COMMUNITIES,
 *       CLUSTER_LIST) left out: on the wire they would be malformed (RFC 7606 §7).
 * </ul>
 */
public final class UpdateEncoder {
    /** MP attributes sort before all others; the rest by type code. */
    private static final Comparator<Outgoing> CANONICAL = Comparator
            .comparingInt((Outgoing o) -> isMp(o.code()) ? 0 : 1)
            .thenComparingInt(Outgoing::code);

    private UpdateEncoder() {}

    /**
     * Appends the UPDATE body to {@code out}.
     *
     * @throws IllegalArgumentException when the body would not fit the session's maximum message
     *         length (split it with {@link UpdatePacker}) or an attribute value exceeds 65535 octets
     */
    public static void encodeBody(Update update, CodecContext context, ByteBuf out) {
        List<Outgoing> attributes = outgoing(update.attributes(), context);
        int length = bodyLength(update, attributes, context);
        int limit = context.maxMessageLength() - CodecContext.HEADER_LENGTH;
        if (length > limit) {
            throw new IllegalArgumentException("UPDATE body of " + length + " octets exceeds the session's " + limit);
        }
        boolean pathIds = context.sendsPathIds(AddressFamily.IPV4_UNICAST);
        int start = out.writerIndex();
        out.writeShort(NlriCodec.length(update.withdrawn(), pathIds));
        NlriCodec.encode(update.withdrawn(), pathIds, out);
        int lengthAt = out.writerIndex();
        out.writeShort(0);
        for (Outgoing a : attributes) {
            write(a, context, out);
        }
        out.setShort(lengthAt, out.writerIndex() - lengthAt - 2);
        NlriCodec.encode(update.nlri(), pathIds, out);
        if (out.writerIndex() - start != length) {
            throw new IllegalStateException("UPDATE body came out " + (out.writerIndex() - start) + " octets, not " + length);
        }
    }

    /** Octets {@link #encodeBody} writes for {@code update}, without writing it. */
    public static int bodyLength(Update update, CodecContext context) {
        return bodyLength(update, outgoing(update.attributes(), context), context);
    }

    private static int bodyLength(Update update, List<Outgoing> attributes, CodecContext context) {
        boolean pathIds = context.sendsPathIds(AddressFamily.IPV4_UNICAST);
        int length = 4 + NlriCodec.length(update.withdrawn(), pathIds) + NlriCodec.length(update.nlri(), pathIds);
        for (Outgoing a : attributes) {
            int value = a.valueLength(context);
            length += (value > 255 ? 4 : 3) + value;
        }
        return length;
    }

    /** Octets of one attribute's value on the wire (its header takes 3 more, or 4 past 255). */
    static int valueLength(PathAttribute attribute, CodecContext context) {
        return Outgoing.of(attribute).valueLength(context);
    }

    /** The attributes as they go on the wire for this session, in canonical order. */
    private static List<Outgoing> outgoing(List<PathAttribute> attributes, CodecContext context) {
        List<Outgoing> out = new ArrayList<>(attributes.size() + 2);
        for (PathAttribute a : attributes) {
            if (isEmptyList(a)) {
                continue;
            }
            out.add(Outgoing.of(a));
            if (!context.fourOctetAs()) {
                if (a instanceof AsPath path && As4Paths.needsAs4Path(path)) {
                    out.add(Outgoing.known(AttributeType.AS4_PATH, new As4Path(As4Paths.as4PathFor(path), false)));
                } else if (a instanceof Aggregator aggregator && aggregator.asn().needsFourOctets()) {
                    out.add(Outgoing.known(AttributeType.AS4_AGGREGATOR, new As4Aggregator(aggregator)));
                }
            }
        }
        out.sort(CANONICAL);
        return out;
    }

    private static boolean isEmptyList(PathAttribute a) {
        return switch (a) {
            case Communities c -> c.values().isEmpty();
            case ExtendedCommunities c -> c.values().isEmpty();
            case LargeCommunities c -> c.values().isEmpty();
            case ClusterList c -> c.clusterIds().isEmpty();
            default -> false;
        };
    }

    private static void write(Outgoing a, CodecContext context, ByteBuf out) {
        int length = a.valueLength(context);
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("attribute type " + a.code() + " value of " + length + " octets exceeds 65535");
        }
        boolean extended = length > 255;
        out.writeByte((a.flags() & ~AttributeFlags.EXTENDED_LENGTH & 0xF0) | (extended ? AttributeFlags.EXTENDED_LENGTH : 0));
        out.writeByte(a.code());
        if (extended) {
            out.writeShort(length);
        } else {
            out.writeByte(length);
        }
        int start = out.writerIndex();
        a.writeValue(context, out);
        if (out.writerIndex() - start != length) {
            throw new IllegalStateException("attribute type " + a.code() + " wrote " + (out.writerIndex() - start)
                    + " octets after announcing " + length);
        }
    }

    private static boolean isMp(int code) {
        return code == AttributeType.MP_REACH_NLRI.code() || code == AttributeType.MP_UNREACH_NLRI.code();
    }

    /** One attribute on its way out: a codec and its value, or the raw bytes of an unknown one. */
    private record Outgoing(int code, int flags, AttributeCodec<Object> codec, Object value, Bytes raw) {

        static Outgoing of(PathAttribute attribute) {
            return switch (attribute) {
                case KnownAttribute k -> known(k.attributeType(), k);
                case UnknownAttribute u -> new Outgoing(u.typeCode(), u.flags(), null, null, u.value());
            };
        }

        static Outgoing known(AttributeType type, Object value) {
            return new Outgoing(type.code(), type.flags(), AttributeCodecs.forValue(type.code()), value, null);
        }

        int valueLength(CodecContext context) {
            return codec != null ? codec.valueLength(value, context) : raw.length();
        }

        void writeValue(CodecContext context, ByteBuf out) {
            if (codec != null) {
                codec.encode(value, context, out);
            } else {
                out.writeBytes(raw.toArray());
            }
        }
    }
}

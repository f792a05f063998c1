package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Splits many prefixes that share one attribute set over as few UPDATEs as fit the session's
 * maximum message length (withdrawals: {@link WithdrawalWriter}): each message is filled before the next is started,
 * in the order given. Sizes are computed, not trial-encoded, and prefixes are moved in packed
 * form, so packing a full table costs a few array copies per message.
 */
public final class UpdatePacker {
    private UpdatePacker() {}

    /**
     * Announces {@code prefixes} with {@code attributes}. IPv4 unicast prefixes go in the UPDATE's
     * NLRI field (the attributes then carry NEXT_HOP); when the attributes hold an
     * {@link MpReachNlri}, it serves as a template: each UPDATE gets a copy with its family and
     * next hops and a share of the prefixes (the template's own NLRI are ignored). That is also
     * how IPv4 prefixes are sent with an IPv6 next hop (RFC 8950).
     *
     * @throws IllegalArgumentException when the prefixes do not match where they must go, or the
     *         attributes alone leave no room for a prefix
     */
    public static List<Update> announce(List<PathAttribute> attributes, NlriList prefixes, CodecContext context) {
        int templateAt = -1;
        for (int i = 0; i < attributes.size(); i++) {
            if (attributes.get(i) instanceof MpReachNlri) {
                templateAt = i;
            }
        }
        NlriList empty = NlriList.empty(Afi.IPV4);
        if (templateAt < 0) {
            if (prefixes.afi() != Afi.IPV4) {
                throw new IllegalArgumentException(
                        prefixes.afi() + " prefixes need an MP_REACH_NLRI template among the attributes");
            }
            int fixed = UpdateEncoder.bodyLength(new Update(empty, attributes, empty), context);
            return pack(prefixes, fixed, -1, context.sendsPathIds(AddressFamily.IPV4_UNICAST), context,
                    slice -> new Update(empty, attributes, slice));
        }
        MpReachNlri template = (MpReachNlri) attributes.get(templateAt);
        if (template.family().knownAfi() != prefixes.afi()) {
            throw new IllegalArgumentException(prefixes.afi() + " prefixes cannot go in MP_REACH_NLRI for " + template.family());
        }
        int at = templateAt;
        Function<NlriList, Update> chunk = slice -> {
            List<PathAttribute> copy = new ArrayList<>(attributes);
            copy.set(at, new MpReachNlri(template.family(), template.nextHop(), template.linkLocalNextHop(), slice));
            return new Update(empty, copy, empty);
        };
        Update bare = chunk.apply(NlriList.empty(prefixes.afi()));
        int fixed = UpdateEncoder.bodyLength(bare, context);
        int mpValue = UpdateEncoder.valueLength(bare.attributes().get(at), context);
        return pack(prefixes, fixed, mpValue, context.sendsPathIds(template.family()), context, chunk);
    }

    /** Encodes each update's body into its own buffer, sized exactly; the caller owns the buffers. */
    public static List<ByteBuf> encodeBodies(List<Update> updates, CodecContext context, ByteBufAllocator allocator) {
        List<ByteBuf> bodies = new ArrayList<>(updates.size());
        try {
            for (Update u : updates) {
                ByteBuf body = allocator.buffer(UpdateEncoder.bodyLength(u, context));
                bodies.add(body);
                UpdateEncoder.encodeBody(u, context, body);
            }
        } catch (RuntimeException e) {
            bodies.forEach(ByteBuf::release);
            throw e;
        }
        return bodies;
    }

    /**
     * Greedy fill. {@code fixed} is the body length with no prefixes; {@code mpValue} the length
     * of the MP attribute's value with no prefixes (-1 when prefixes go in the UPDATE's own
     * fields), because its header grows by one octet when the value passes 255.
     */
    private static List<Update> pack(NlriList prefixes, int fixed, int mpValue, boolean pathIds, CodecContext context,
            Function<NlriList, Update> chunk) {
        int limit = context.maxMessageLength() - CodecContext.HEADER_LENGTH;
        int room = room(fixed, mpValue, limit);
        List<Update> updates = new ArrayList<>();
        if (NlriCodec.length(prefixes, pathIds) <= room) {
            // The usual case, one attribute set's share of a batch: no walk over the entries.
            if (!prefixes.isEmpty()) {
                updates.add(chunk.apply(prefixes));
            }
            return updates;
        }
        int start = 0;
        int used = 0;
        for (int i = 0; i < prefixes.size(); i++) {
            int entry = NlriCodec.entryLength(prefixes.prefixLength(i), pathIds);
            if (used + entry > room) {
                if (used > 0) {
                    updates.add(chunk.apply(prefixes.slice(start, i)));
                    start = i;
                    used = 0;
                }
                if (entry > room) {
                    throw new IllegalArgumentException("attributes of " + fixed + " octets leave no room for a prefix in "
                            + limit + " octets");
                }
            }
            used += entry;
        }
        if (start < prefixes.size()) {
            updates.add(chunk.apply(prefixes.slice(start, prefixes.size())));
        }
        return updates;
    }

    /**
     * The most prefix octets one UPDATE can carry. {@link #cost} grows with the prefix octets and
     * by at most one octet more (the MP header), so past this every count is over the limit and
     * the per-entry test is one comparison.
     */
    private static int room(int fixed, int mpValue, int limit) {
        int room = limit - fixed;
        return cost(fixed, mpValue, room) > limit ? room - 1 : room;
    }

    private static int cost(int fixed, int mpValue, int prefixOctets) {
        boolean headerGrows = mpValue >= 0 && mpValue <= 255 && mpValue + prefixOctets > 255;
        return fixed + prefixOctets + (headerGrows ? 1 : 0);
    }
}

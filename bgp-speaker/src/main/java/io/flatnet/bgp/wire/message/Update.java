package io.flatnet.bgp.wire.message;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.MpUnreachNlri;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * UPDATE (RFC 4271 §4.3): IPv4 withdrawn routes, path attributes (in wire order; MP_REACH_NLRI
 * and MP_UNREACH_NLRI carry the other families, RFC 4760) and IPv4 NLRI. AS numbers inside the
 * attributes always have their real 4-octet values: the codec hides AS_TRANS and AS4_PATH.
 */
public record Update(NlriList withdrawn, List<PathAttribute> attributes, NlriList nlri) implements BgpMessage {

    public Update {
        Objects.requireNonNull(withdrawn, "withdrawn");
        Objects.requireNonNull(nlri, "nlri");
        if (withdrawn.afi() != Afi.IPV4 || nlri.afi() != Afi.IPV4) {
            throw new IllegalArgumentException("the UPDATE's own NLRI fields are IPv4; use MP_REACH/MP_UNREACH for others");
        }
        attributes = List.copyOf(attributes);
    }

    /** End-of-RIB marker for a family (RFC 4724 §2). */
    public static Update endOfRib(AddressFamily family) {
        if (family.equals(AddressFamily.IPV4_UNICAST)) {
            return new Update(NlriList.empty(Afi.IPV4), List.of(), NlriList.empty(Afi.IPV4));
        }
        Afi afi = family.knownAfi();
        NlriList none = afi != null ? NlriList.empty(afi) : NlriList.empty(Afi.IPV4);
        return new Update(NlriList.empty(Afi.IPV4), List.of(new MpUnreachNlri(family, none)), NlriList.empty(Afi.IPV4));
    }

    /** The family this UPDATE marks as End-of-RIB, if it is such a marker. */
    public Optional<AddressFamily> endOfRibFamily() {
        if (!withdrawn.isEmpty() || !nlri.isEmpty()) {
            return Optional.empty();
        }
        if (attributes.isEmpty()) {
            return Optional.of(AddressFamily.IPV4_UNICAST);
        }
        if (attributes.size() == 1 && attributes.get(0) instanceof MpUnreachNlri unreach && unreach.withdrawn().isEmpty()) {
            return Optional.of(unreach.family());
        }
        return Optional.empty();
    }

    public <T extends PathAttribute> Optional<T> attribute(Class<T> kind) {
        for (PathAttribute a : attributes) {
            if (kind.isInstance(a)) {
                return Optional.of(kind.cast(a));
            }
        }
        return Optional.empty();
    }

    public Optional<MpReachNlri> mpReach() {
        return attribute(MpReachNlri.class);
    }

    public Optional<MpUnreachNlri> mpUnreach() {
        return attribute(MpUnreachNlri.class);
    }

    @Override
    public MessageType type() {
        return MessageType.UPDATE;
    }
}

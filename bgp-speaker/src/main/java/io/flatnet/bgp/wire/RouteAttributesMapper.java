package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.route.AsPath;
import io.flatnet.bgp.model.route.OpaqueAttribute;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.model.route.RouteOrigin;
import io.flatnet.bgp.wire.attribute.AsPathSegment;
import io.flatnet.bgp.wire.attribute.AtomicAggregate;
import io.flatnet.bgp.wire.attribute.ClusterList;
import io.flatnet.bgp.wire.attribute.Communities;
import io.flatnet.bgp.wire.attribute.ExtendedCommunities;
import io.flatnet.bgp.wire.attribute.LargeCommunities;
import io.flatnet.bgp.wire.attribute.LocalPref;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.MpUnreachNlri;
import io.flatnet.bgp.wire.attribute.MultiExitDisc;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.attribute.OriginType;
import io.flatnet.bgp.wire.attribute.OriginatorId;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.attribute.UnknownAttribute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Converts between the wire's attribute records ({@code wire.attribute}) and the model's
 * {@link RouteAttributes}, which the RIB and policy use.
 *
 * <p>Wire to model: the next hop comes from NEXT_HOP for the UPDATE's own IPv4 NLRI field and from
 * MP_REACH_NLRI for the routes that attribute carries ({@link NextHopFrom}); unknown optional
 * transitive attributes are kept, unknown non-transitive ones dropped (RFC 4271 §5). The input
 * must hold ORIGIN, AS_PATH and the chosen next hop: the UPDATE decoder has already turned a
 * missing mandatory attribute into treat-as-withdraw (RFC 7606 §3 d), so a missing one here is a
 * programming error and raises {@link IllegalArgumentException}.
 *
 * <p>Model to wire: attributes come out in type-code order; empty community lists and an empty
 * CLUSTER_LIST are left out; unknown attributes are written with the flags they hold (the export
 * path sets Partial with {@link OpaqueAttribute#passedOn()}).
 */
public final class RouteAttributesMapper {

    /** Which attribute holds the next hop of the routes being converted. */
    public enum NextHopFrom {
        /** The NEXT_HOP attribute: for the IPv4 routes in the UPDATE's own NLRI field. */
        NEXT_HOP,
        /** MP_REACH_NLRI's next hop (and RFC 2545 link-local): for the routes it carries. */
        MP_REACH
    }

    private RouteAttributesMapper() {}

    public static RouteAttributes toModel(List<PathAttribute> attributes, NextHopFrom nextHopFrom) {
        Origin origin = null;
        io.flatnet.bgp.wire.attribute.AsPath asPath = null;
        NextHop nextHop = null;
        MpReachNlri mpReach = null;
        RouteAttributes.Builder b = RouteAttributes.builder(RouteOrigin.IGP, AsPath.EMPTY, null);
        List<OpaqueAttribute> unknown = new ArrayList<>();
        for (PathAttribute a : attributes) {
            switch (a) {
                case Origin o -> origin = o;
                case io.flatnet.bgp.wire.attribute.AsPath p -> asPath = p;
                case NextHop n -> nextHop = n;
                case MpReachNlri r -> mpReach = r;
                case MpUnreachNlri ignored -> { }
                case MultiExitDisc m -> b.med(m.value());
                case LocalPref l -> b.localPref(l.value());
                case AtomicAggregate ignored -> b.atomicAggregate(true);
                case io.flatnet.bgp.wire.attribute.Aggregator g ->
                        b.aggregator(Optional.of(new io.flatnet.bgp.model.route.Aggregator(g.asn(), g.address())));
                case Communities c -> b.communities(c.values());
                case ExtendedCommunities e -> b.extendedCommunities(e.values());
                case LargeCommunities l -> b.largeCommunities(l.values());
                case OriginatorId o -> b.originatorId(o.id());
                case ClusterList c -> b.clusterList(c.clusterIds());
                case UnknownAttribute u -> {
                    if (u.isOptionalTransitive()) {
                        unknown.add(new OpaqueAttribute(u.flags(), u.typeCode(), u.value()));
                    }
                }
            }
        }
        if (origin == null || asPath == null) {
            throw new IllegalArgumentException("ORIGIN and AS_PATH are mandatory: " + attributes);
        }
        b.origin(toModel(origin.value())).asPath(toModel(asPath)).unknownTransitive(unknown);
        switch (nextHopFrom) {
            case NEXT_HOP -> {
                if (nextHop == null) {
                    throw new IllegalArgumentException("no NEXT_HOP in " + attributes);
                }
                b.nextHop(nextHop.address());
            }
            case MP_REACH -> {
                if (mpReach == null) {
                    throw new IllegalArgumentException("no MP_REACH_NLRI in " + attributes);
                }
                b.nextHop(mpReach.nextHop()).linkLocalNextHop(Optional.ofNullable(mpReach.linkLocalNextHop()));
            }
        }
        return b.build();
    }

    /** The attributes for an UPDATE whose routes go in its own NLRI field: NEXT_HOP, which must be IPv4. */
    public static List<PathAttribute> toWire(RouteAttributes attributes) {
        if (attributes.nextHop().afi() != Afi.IPV4) {
            throw new IllegalArgumentException("NEXT_HOP is IPv4; send " + attributes.nextHop() + " in MP_REACH_NLRI");
        }
        List<PathAttribute> out = common(attributes);
        out.add(new NextHop(attributes.nextHop()));
        out.sort(Comparator.comparingInt(PathAttribute::typeCode));
        return List.copyOf(out);
    }

    /** The attributes for routes of {@code family} carried in MP_REACH_NLRI with this set's next hop. */
    public static List<PathAttribute> toWire(RouteAttributes attributes, AddressFamily family, NlriList nlri) {
        List<PathAttribute> out = common(attributes);
        out.add(new MpReachNlri(family, attributes.nextHop(), attributes.linkLocalNextHop().orElse(null), nlri));
        out.sort(Comparator.comparingInt(PathAttribute::typeCode));
        return List.copyOf(out);
    }

    private static List<PathAttribute> common(RouteAttributes a) {
        List<PathAttribute> out = new ArrayList<>(8 + a.unknownTransitive().size());
        out.add(new Origin(toWire(a.origin())));
        out.add(toWire(a.asPath()));
        a.med().ifPresent(v -> out.add(new MultiExitDisc(v)));
        a.localPref().ifPresent(v -> out.add(new LocalPref(v)));
        if (a.atomicAggregate()) {
            out.add(AtomicAggregate.INSTANCE);
        }
        a.aggregator().ifPresent(g -> out.add(new io.flatnet.bgp.wire.attribute.Aggregator(g.asn(), g.address())));
        if (!a.communities().isEmpty()) {
            out.add(new Communities(a.communities()));
        }
        a.originatorId().ifPresent(id -> out.add(new OriginatorId(id)));
        if (!a.clusterList().isEmpty()) {
            out.add(new ClusterList(a.clusterList()));
        }
        if (!a.extendedCommunities().isEmpty()) {
            out.add(new ExtendedCommunities(a.extendedCommunities()));
        }
        if (!a.largeCommunities().isEmpty()) {
            out.add(new LargeCommunities(a.largeCommunities()));
        }
        for (OpaqueAttribute u : a.unknownTransitive()) {
            out.add(new UnknownAttribute(u.flags(), u.typeCode(), u.value()));
        }
        return out;
    }

    static RouteOrigin toModel(OriginType type) {
        return switch (type) {
            case IGP -> RouteOrigin.IGP;
            case EGP -> RouteOrigin.EGP;
            case INCOMPLETE -> RouteOrigin.INCOMPLETE;
        };
    }

    static OriginType toWire(RouteOrigin origin) {
        return switch (origin) {
            case IGP -> OriginType.IGP;
            case EGP -> OriginType.EGP;
            case INCOMPLETE -> OriginType.INCOMPLETE;
        };
    }

    static AsPath toModel(io.flatnet.bgp.wire.attribute.AsPath path) {
        if (path.segments().isEmpty()) {
            return AsPath.EMPTY;
        }
        List<io.flatnet.bgp.model.route.AsPathSegment> segments = new ArrayList<>(path.segments().size());
        for (AsPathSegment s : path.segments()) {
            io.flatnet.bgp.model.route.AsPathSegment.Type type = switch (s.type()) {
                case AS_SET -> io.flatnet.bgp.model.route.AsPathSegment.Type.SET;
                case AS_SEQUENCE -> io.flatnet.bgp.model.route.AsPathSegment.Type.SEQUENCE;
                case AS_CONFED_SEQUENCE -> io.flatnet.bgp.model.route.AsPathSegment.Type.CONFED_SEQUENCE;
                case AS_CONFED_SET -> io.flatnet.bgp.model.route.AsPathSegment.Type.CONFED_SET;
            };
            segments.add(new io.flatnet.bgp.model.route.AsPathSegment(type, s.asns()));
        }
        return new AsPath(segments);
    }

    static io.flatnet.bgp.wire.attribute.AsPath toWire(AsPath path) {
        if (path.isEmpty()) {
            return io.flatnet.bgp.wire.attribute.AsPath.EMPTY;
        }
        List<AsPathSegment> segments = new ArrayList<>(path.segments().size());
        for (io.flatnet.bgp.model.route.AsPathSegment s : path.segments()) {
            AsPathSegment.Type type = switch (s.type()) {
                case SET -> AsPathSegment.Type.AS_SET;
                case SEQUENCE -> AsPathSegment.Type.AS_SEQUENCE;
                case CONFED_SEQUENCE -> AsPathSegment.Type.AS_CONFED_SEQUENCE;
                case CONFED_SET -> AsPathSegment.Type.AS_CONFED_SET;
            };
            segments.add(new AsPathSegment(type, s.asns()));
        }
        return new io.flatnet.bgp.wire.attribute.AsPath(segments);
    }
}

package io.flatnet.bgp.session;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.CompiledPeerPolicy;
import io.flatnet.bgp.policy.NextHopMode;
import io.flatnet.bgp.policy.PeerContext;
import io.flatnet.bgp.policy.PolicyResult;
import io.flatnet.bgp.policy.SourceFacts;
import io.flatnet.bgp.policy.SourceKind;
import io.flatnet.bgp.rib.LocRib;
import io.flatnet.bgp.rib.Path;
import io.flatnet.bgp.rib.RouteSource;
import io.flatnet.bgp.wire.RouteAttributesMapper;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns a Loc-RIB path into what one update group sends (RIB thread only): the group's export
 * policy (a {@link CompiledPeerPolicy}: RFC 8212, the speaker's
 * {@link io.flatnet.bgp.policy.ProtocolRules} for iBGP split horizon or reflection, the filters,
 * Calico's default), then the per-session rewriting of RFC 4271 §5.1: towards eBGP our AS
 * prepended, our address as next hop (unless {@link NextHopMode#KEEP}), no LOCAL_PREF, no MED
 * learned from elsewhere, no route-reflection attributes; towards iBGP LOCAL_PREF defaulted to
 * 100 and the next hop kept, except for our own routes or with {@link NextHopMode#SELF}. The
 * result is in wire form, cached per attribute set (interned sets make the cache an identity
 * lookup).
 *
 * <p>Policy sees the group through one representative {@link PeerContext} with an unspecified
 * address: what it decides may depend on the peer type, our AS and the reflector-client flag (all
 * in the group key), not on which member it is. Not sending a route back to its peer is done per
 * member by the {@link UpdateGroup}.
 */
final class Exporter {
    static final long DEFAULT_LOCAL_PREF = 100;
    private static final List<PathAttribute> NOT_EXPORTED = List.of();
    private static final int CACHE_LIMIT = 65_536;

    private final SpeakerConfig config;
    private final SourceFacts local;
    /** What policy knows about each session routes came from (kept while its paths may be in the RIB). */
    private final Map<RouteSource, SourceFacts> sources = new HashMap<>();
    private RouteSource lastSource;
    private SourceFacts lastFacts;
    /** RFC 7911 path ids we send: one per (peer, received path id), the same for every group. */
    private final Map<PathKey, Integer> pathIds = new HashMap<>();

    private record PathKey(IpAddress peer, long pathId) {}

    Exporter(SpeakerConfig config) {
        this.config = config;
        this.local = SourceFacts.local(config.routerId(), config.localAsn());
    }

    UpdateGroup.Key key(SpeakerRib.Member m) {
        boolean internal = m.config.isInternal(config.localAsn());
        return new UpdateGroup.Key(m.config.policy(), m.context, internal,
                m.config.effectiveLocalAsn(config.localAsn()), m.config.nextHop(), m.localAddress,
                m.localAddress.isV4() ? Optional.empty() : m.config.ipv4NextHop(),
                m.localAddress.isV4() ? m.config.ipv6NextHop() : Optional.empty(),
                internal && m.config.reflectorClient(), m.families, m.peer.peerAs());
    }

    void register(RouteSource source, PeerContext context) {
        sources.put(source, context);
    }

    SourceFacts facts(RouteSource source) {
        if (source == lastSource) {
            return lastFacts;
        }
        SourceFacts f = source.isLocal() ? local : sources.get(source);
        if (f == null) {
            f = new PeerContext(source.peerAddress(), source.peerAs(), source.routerId(), config.localAsn(),
                    config.routerId(), false);
        }
        lastSource = source;
        lastFacts = f;
        return f;
    }

    long pathId(Path path) {
        return pathIds.computeIfAbsent(new PathKey(path.source().peerAddress(), path.pathId()), k -> pathIds.size() + 1);
    }

    /** Per group: the wire attributes of the paths it exports, cached by attribute set. */
    final class ForGroup {
        private final UpdateGroup.Key key;
        private final CompiledPeerPolicy policy;
        /** The group as policy sees it. */
        private final PeerContext to;
        @SuppressWarnings("unchecked")
        private final IdentityHashMap<RouteAttributes, List<PathAttribute>>[] cache = new IdentityHashMap[6];
        /** Per family: the verdict depends on attributes, source and peer only (see {@link #export}). */
        private final boolean[] prefixFree = new boolean[Afi.values().length];
        /** The last answer of {@link #export} where {@link #prefixFree}, by identity of what it depends on. */
        private RouteAttributes lastAttributes;
        private RouteSource lastSource;
        private Afi lastAfi;
        private List<PathAttribute> lastWire;

        ForGroup(UpdateGroup.Key key) {
            this.key = key;
            this.policy = key.policy().compile(config.rules());
            this.to = new PeerContext(IpAddress.v4(0), key.peerAs(), RouterId.of(0), key.localAsn(), config.routerId(),
                    key.reflectorClient());
            for (int i = 0; i < cache.length; i++) {
                cache[i] = new IdentityHashMap<>();
            }
            for (Afi afi : Afi.values()) {
                prefixFree[afi.ordinal()] = !policy.exportReadsPrefix(afi);
            }
        }

        /**
         * What the group sends for {@code path}, or {@code null}. A full table comes in runs of
         * prefixes that share attributes and source; when no rule reads the prefix, the run's first
         * answer serves the rest of it.
         */
        List<PathAttribute> export(IpPrefix prefix, Path path) {
            return export(prefix, path.attributes(), path.source());
        }

        /** {@link #export(IpPrefix, Path)} for the path with these attributes from {@code from}. */
        List<PathAttribute> export(IpPrefix prefix, RouteAttributes attributes, RouteSource from) {
            if (!memoHolds(prefix.afi(), attributes, from)) {
                remember(prefix.afi(), attributes, from, exportOne(prefix, attributes, from));
            }
            return lastWire;
        }

        /**
         * {@link #export(IpPrefix, RouteAttributes, RouteSource)} for the prefix {@code id} of
         * {@code loc}, made only if the policy is asked: a run of a full table asks once.
         */
        List<PathAttribute> export(LocRib loc, int id, RouteAttributes attributes, RouteSource from) {
            if (!memoHolds(loc.afi(), attributes, from)) {
                remember(loc.afi(), attributes, from, exportOne(loc.prefixOf(id), attributes, from));
            }
            return lastWire;
        }

        /** Whether the last answer serves these arguments too (by identity: attribute sets are interned). */
        private boolean memoHolds(Afi afi, RouteAttributes attributes, RouteSource from) {
            return prefixFree[afi.ordinal()] && attributes == lastAttributes && from == lastSource && afi == lastAfi;
        }

        private void remember(Afi afi, RouteAttributes attributes, RouteSource from, List<PathAttribute> wire) {
            lastWire = wire;
            lastAttributes = attributes;
            lastSource = from;
            lastAfi = afi;
        }

        private List<PathAttribute> exportOne(IpPrefix prefix, RouteAttributes attributes, RouteSource from) {
            SourceFacts source = facts(from);
            SourceKind type = source.sourceKind();
            RouteAttributes a = attributes;
            PolicyResult verdict = policy.exportRoute(prefix, a, source, to);
            if (verdict.isRejected()) {
                return null;
            }
            a = verdict.attributes(a);
            IdentityHashMap<RouteAttributes, List<PathAttribute>> c = cache[type.ordinal() * 2 + prefix.afi().ordinal()];
            List<PathAttribute> wire = c.get(a);
            if (wire == null) {
                if (c.size() >= CACHE_LIMIT) {
                    c.clear();
                }
                wire = rewrite(a, type, AddressFamily.unicast(prefix.afi()));
                c.put(a, wire == null ? NOT_EXPORTED : wire);
            }
            return wire == NOT_EXPORTED ? null : wire;
        }

        private List<PathAttribute> rewrite(RouteAttributes a, SourceKind type, AddressFamily family) {
            boolean local = type == SourceKind.LOCAL;
            RouteAttributes out = a;
            if (!key.internal()) {
                RouteAttributes.Builder b = out.toBuilder()
                        .asPath(out.asPath().prepend(key.localAsn(), 1))
                        .localPref(OptionalLong.empty())
                        .originatorId(Optional.empty())
                        .clusterList(List.of());
                if (!local) {
                    b.med(OptionalLong.empty()); // RFC 4271 §5.1.4: a MED is not passed on to another AS
                }
                out = b.build();
            } else if (out.localPref().isEmpty()) {
                out = out.withLocalPref(DEFAULT_LOCAL_PREF);
            }
            boolean self = local || key.nextHop() == NextHopMode.SELF
                    || (!key.internal() && key.nextHop() == NextHopMode.AUTO);
            IpAddress me = key.self();
            if (self) {
                if (family.equals(AddressFamily.IPV4_UNICAST)) {
                    if (me.isV4()) {
                        out = out.withNextHop(me);
                    } else if (key.context().extendedNextHop().contains(family)) {
                        out = out.withNextHop(me, me.isLinkLocal() ? Optional.of(me) : Optional.empty());
                    } else if (key.ipv4NextHop().isPresent()) {
                        out = out.withNextHop(key.ipv4NextHop().get());
                    } else {
                        return null; // an IPv6 session without RFC 8950 and no IPv4 next hop configured
                    }
                } else if (!me.isV4()) {
                    out = out.withNextHop(me, me.isLinkLocal() ? Optional.of(me) : Optional.empty());
                } else if (key.ipv6NextHop().isPresent()) {
                    out = out.withNextHop(key.ipv6NextHop().get(), Optional.empty());
                } else {
                    return null; // an IPv4 session has no IPv6 address of ours; ::ffff:a.b.c.d gets dropped
                }
            }
            if (family.equals(AddressFamily.IPV4_UNICAST)) {
                if (out.nextHop().isV4()) {
                    return RouteAttributesMapper.toWire(out);
                }
                if (!key.context().extendedNextHop().contains(family)) {
                    return null;
                }
            } else if (out.nextHop().isV4()) {
                out = out.withNextHop(Addresses.v4Mapped(out.nextHop()));
            }
            return RouteAttributesMapper.toWire(out, family, NlriList.empty(family.knownAfi()));
        }
    }

    static Afi afi(IpPrefix p) {
        return p.afi();
    }
}

package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.Objects;

/**
 * One candidate route for a prefix: what a peer (or this speaker) said about it, and the facts the
 * decision process needs. Immutable; a change makes a new {@code Path}.
 *
 * <p>The Loc-RIB holds a prefix's only candidate in columns, not as a {@code Path} (see
 * {@link PrefixColumns}), and makes one for each reader, so two reads of one route are two objects.
 * A prefix with several candidates keeps them as paths. Kept small all the same: the prefix is
 * stored as its bits (no {@link IpPrefix} object; {@link #prefix()} makes one on demand),
 * attributes are an interned set and the source a per-session instance. 40 octets for IPv4 with
 * compressed references, 48 for IPv6 (see {@link #of}).
 *
 * <p>{@code equals} is identity; {@link #sameRoute(Path)} compares what matters downstream.
 */
public sealed class Path permits Path.Ipv6Path {
    private static final byte REACHABLE = 1;
    private static final byte IPV6 = 2;

    /** For IPv4 the address bits, for IPv6 the low 64 bits (the high ones are in {@link Ipv6Path}). */
    private final long low;
    private final RouteAttributes attributes;
    private final RouteSource source;
    private final int pathId;
    /** The RFC 4724 stale mark, an epoch compared for equality only (see {@link AdjRibIn}); 16 bits keep the object at 40 octets. */
    private final char staleEpoch;
    private final byte length;
    private final byte flags;

    /**
     * @param prefix           the destination
     * @param pathId           the RFC 7911 path identifier, 0 without add-path (unsigned 32 bits)
     * @param attributes       the path attributes, normally interned
     * @param source           the peer (or local origin) it came from
     * @param nextHopReachable whether the next hop resolves; unreachable paths are never best
     */
    public static Path of(IpPrefix prefix, long pathId, RouteAttributes attributes, RouteSource source,
            boolean nextHopReachable) {
        return of(prefix.afi(), prefix.high(), prefix.low(), prefix.length(), pathId, attributes, source,
                nextHopReachable, 0);
    }

    /**
     * From prefix bits, which must be canonical (host bits zero), as an {@link io.flatnet.bgp.model.NlriList} holds them.
     * An IPv4 path is 40 octets; an IPv6 one, which also holds the high 64 bits, 48.
     */
    static Path of(Afi afi, long high, long low, int length, long pathId, RouteAttributes attributes, RouteSource source,
            boolean nextHopReachable, int staleEpoch) {
        return afi == Afi.IPV6
                ? new Ipv6Path(high, low, length, pathId, attributes, source, nextHopReachable, staleEpoch)
                : new Path(Afi.IPV4, low, length, pathId, attributes, source, nextHopReachable, staleEpoch);
    }

    private Path(Afi afi, long low, int length, long pathId, RouteAttributes attributes, RouteSource source,
            boolean nextHopReachable, int staleEpoch) {
        if (pathId < 0 || pathId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("path id is unsigned 32-bit: " + pathId);
        }
        this.low = low;
        this.length = (byte) length;
        this.pathId = (int) pathId;
        this.attributes = Objects.requireNonNull(attributes, "attributes");
        this.source = Objects.requireNonNull(source, "source");
        this.flags = (byte) ((nextHopReachable ? REACHABLE : 0) | (afi == Afi.IPV6 ? IPV6 : 0));
        this.staleEpoch = (char) staleEpoch;
    }

    public IpPrefix prefix() {
        return new IpPrefix(afi(), keyHigh(), low, length & 0xFF);
    }

    public Afi afi() {
        return (flags & IPV6) != 0 ? Afi.IPV6 : Afi.IPV4;
    }

    public long pathId() {
        return Integer.toUnsignedLong(pathId);
    }

    public RouteAttributes attributes() {
        return attributes;
    }

    public RouteSource source() {
        return source;
    }

    public boolean nextHopReachable() {
        return (flags & REACHABLE) != 0;
    }

    /**
     * The router id the decision process compares (RFC 4456 §9): ORIGINATOR_ID when present, else
     * the sending peer's BGP identifier.
     */
    public RouterId decisionRouterId() {
        return attributes.originatorId().orElse(source.routerId());
    }

    /**
     * True when the two are the same route as far as anyone downstream can tell: same peer, path
     * id, attributes and next-hop reachability. The stale marking does not count.
     */
    public boolean sameRoute(Path other) {
        return other != null
                && sameCandidate(other)
                && low == other.low && length == other.length && flags == other.flags && keyHigh() == other.keyHigh()
                && (attributes == other.attributes || attributes.equals(other.attributes))
                && source.equals(other.source);
    }

    /** True when {@code other} comes from the same peer with the same path id (it would replace this one). */
    boolean sameCandidate(Path other) {
        return isCandidateOf(other.source.peerAddress(), other.pathId);
    }

    /** True when this path is the one {@code peer} sent with {@code pathId} (unsigned 32 bits, as an int). */
    boolean isCandidateOf(IpAddress peer, int pathId) {
        return this.pathId == pathId && source.peerAddress().equals(peer);
    }

    // Key parts for the RIB's hash tables, without making an IpPrefix.
    long keyHigh() {
        return (flags & IPV6) != 0 ? ((Ipv6Path) this).high : 0;
    }

    long keyLow() {
        return low;
    }

    int keyLength() {
        return length & 0xFF;
    }

    int keyPathId() {
        return pathId;
    }

    int staleEpoch() {
        return staleEpoch;
    }

    @Override
    public String toString() {
        return prefix() + (pathId != 0 ? " path " + pathId() : "") + " from " + source
                + (nextHopReachable() ? "" : " (next hop unreachable)") + " " + attributes;
    }

    /** An IPv6 path: the high 64 bits of the prefix beside what every path holds. */
    static final class Ipv6Path extends Path {
        private final long high;

        private Ipv6Path(long high, long low, int length, long pathId, RouteAttributes attributes, RouteSource source,
                boolean nextHopReachable, int staleEpoch) {
            super(Afi.IPV6, low, length, pathId, attributes, source, nextHopReachable, staleEpoch);
            this.high = high;
        }
    }
}

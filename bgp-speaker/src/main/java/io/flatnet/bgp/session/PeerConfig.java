package io.flatnet.bgp.session;

import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.policy.NextHopMode;
import io.flatnet.bgp.policy.PeerPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One configured neighbour. Values compare by content, and the speaker diffs on that equality:
 * {@link BgpSpeaker#setPeers} leaves a peer whose config is {@code equals} to the old one
 * untouched, and resets any peer whose config changed in any field.
 *
 * @param address          the peer's address; one peer per address
 * @param port             the peer's TCP port (179)
 * @param remoteAsn        the AS the peer must announce (2/2 Bad Peer AS otherwise)
 * @param localAsn         our AS towards this peer, overriding the speaker's
 * @param sourceAddress    bind outbound connections to this local address
 * @param passive          never connect; wait for the peer
 * @param holdTime         the hold time we offer (0 or 3..65535 s); empty takes the speaker's
 * @param backoff          connect-retry and restart delays
 * @param md5Password      RFC 2385 TCP MD5 key, or {@code null}; needs the epoll transport
 * @param ttlSecurityHops  RFC 5082 GTSM: 0 off; else send with TTL 255 and require at least
 *                         256 - hops on receipt (1 for a directly connected peer)
 * @param ttl              outgoing TTL when GTSM is off; 0 means the default, which is 1 for eBGP
 *                         (only directly connected eBGP peers, as BIRD and FRR do without
 *                         multihop) and the system default (64) for iBGP; set it for eBGP multihop
 * @param maxPrefixes      Cease 6/1 when the peer sends more routes than this in one family; 0 = no limit
 * @param families         the families we offer (multiprotocol capability per family)
 * @param addPathReceive   families in which we ask to receive several paths (RFC 7911)
 * @param addPathSend      families in which we offer to send several paths (RFC 7911)
 * @param gracefulRestartTime advertise the RFC 4724 capability with this restart time; empty: do not
 * @param extendedMessages offer RFC 8654 extended messages
 * @param routeRefresh     offer RFC 2918 route refresh and RFC 7313 enhanced route refresh
 * @param extendedNextHop  offer RFC 8950 IPv4 unicast over IPv6 next hops
 * @param policy           import and export filters; {@link PeerPolicy#none()} (the default)
 *                         means none configured, so an eBGP peer gets and has accepted nothing
 *                         (RFC 8212); {@link PeerPolicy#defaults()} is Calico's: accept all,
 *                         export our own routes
 * @param nextHop          next-hop handling on export
 * @param reflectorClient  the peer is our route-reflector client (RFC 4456), for the speaker's
 *                         {@link io.flatnet.bgp.policy.ProtocolRules}; iBGP only
 * @param ipv4NextHop      our IPv4 next hop for IPv4 routes on an IPv6 session that did not
 *                         negotiate RFC 8950 extended next hops. Without it such a session has
 *                         no IPv4 address of ours to give, so routes that need our own next hop
 *                         are not sent in IPv4 (and the speaker logs why, once)
 * @param ipv6NextHop      our IPv6 next hop for IPv6 routes on an IPv4 session. Without it such a
 *                         session has no IPv6 address of ours to give, so routes that need our
 *                         own next hop are not sent in IPv6 (and the speaker logs why, once):
 *                         the IPv4-mapped address {@code ::ffff:a.b.c.d} that could stand in is
 *                         dropped silently by BIRD 2 and unusable for FRR
 */
public record PeerConfig(
        IpAddress address,
        int port,
        Asn remoteAsn,
        Optional<Asn> localAsn,
        Optional<IpAddress> sourceAddress,
        boolean passive,
        Optional<Duration> holdTime,
        ConnectRetryBackoff backoff,
        String md5Password,
        int ttlSecurityHops,
        int ttl,
        long maxPrefixes,
        Set<AddressFamily> families,
        Set<AddressFamily> addPathReceive,
        Set<AddressFamily> addPathSend,
        Optional<Duration> gracefulRestartTime,
        boolean extendedMessages,
        boolean routeRefresh,
        boolean extendedNextHop,
        PeerPolicy policy,
        NextHopMode nextHop,
        boolean reflectorClient,
        Optional<IpAddress> ipv4NextHop,
        Optional<IpAddress> ipv6NextHop) {

    public PeerConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(nextHop, "nextHop");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(ipv4NextHop, "ipv4NextHop");
        Objects.requireNonNull(ipv6NextHop, "ipv6NextHop");
        ipv4NextHop.ifPresent(a -> {
            if (!a.isV4()) {
                throw new IllegalArgumentException("ipv4NextHop must be an IPv4 address: " + a);
            }
        });
        ipv6NextHop.ifPresent(a -> {
            if (a.isV4() || a.isLinkLocal()) {
                throw new IllegalArgumentException("ipv6NextHop must be a global IPv6 address: " + a);
            }
        });
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(remoteAsn, "remoteAsn");
        Objects.requireNonNull(localAsn, "localAsn");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        Objects.requireNonNull(holdTime, "holdTime");
        holdTime.ifPresent(h -> {
            long s = h.toSeconds();
            if (!h.equals(Duration.ofSeconds(s)) || s < 0 || s > 0xFFFF || s == 1 || s == 2) {
                throw new IllegalArgumentException("hold time must be 0 or 3..65535 whole seconds: " + h);
            }
        });
        Objects.requireNonNull(backoff, "backoff");
        if (md5Password != null && (md5Password.isEmpty() || md5Password.length() > 80)) {
            throw new IllegalArgumentException("a TCP MD5 key is 1..80 characters (Linux TCP_MD5SIG_MAXKEYLEN)");
        }
        if (ttlSecurityHops < 0 || ttlSecurityHops > 254) {
            throw new IllegalArgumentException("ttlSecurityHops must be 0..254: " + ttlSecurityHops);
        }
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("ttl must be 0..255: " + ttl);
        }
        if (maxPrefixes < 0 || maxPrefixes > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("maxPrefixes must fit the RFC 4486 4-octet field: " + maxPrefixes);
        }
        families = Set.copyOf(families);
        if (families.isEmpty()) {
            throw new IllegalArgumentException("a peer needs at least one address family");
        }
        addPathReceive = Set.copyOf(addPathReceive);
        addPathSend = Set.copyOf(addPathSend);
        Objects.requireNonNull(gracefulRestartTime, "gracefulRestartTime");
        gracefulRestartTime.ifPresent(t -> {
            if (t.isNegative() || t.toSeconds() > 4095) {
                throw new IllegalArgumentException("graceful restart time is 0..4095 s: " + t);
            }
        });
    }

    public static Builder builder(IpAddress address, Asn remoteAsn) {
        return new Builder(address, remoteAsn);
    }

    public static Builder builder(String address, long remoteAsn) {
        return new Builder(IpAddress.parse(address), Asn.of(remoteAsn));
    }

    public Builder toBuilder() {
        Builder b = new Builder(address, remoteAsn);
        b.port = port;
        b.localAsn = localAsn;
        b.sourceAddress = sourceAddress;
        b.passive = passive;
        b.holdTime = holdTime;
        b.backoff = backoff;
        b.md5Password = md5Password;
        b.ttlSecurityHops = ttlSecurityHops;
        b.ttl = ttl;
        b.maxPrefixes = maxPrefixes;
        b.families = families;
        b.addPathReceive = addPathReceive;
        b.addPathSend = addPathSend;
        b.gracefulRestartTime = gracefulRestartTime;
        b.extendedMessages = extendedMessages;
        b.routeRefresh = routeRefresh;
        b.extendedNextHop = extendedNextHop;
        b.policy = policy;
        b.nextHop = nextHop;
        b.reflectorClient = reflectorClient;
        b.ipv4NextHop = ipv4NextHop;
        b.ipv6NextHop = ipv6NextHop;
        return b;
    }

    /**
     * This configuration for another neighbour, passive: how a {@link ListenRange}'s template
     * becomes the configuration of a peer that connected from inside the range.
     */
    public PeerConfig withNeighbor(IpAddress neighbor, Asn neighborAsn) {
        return new PeerConfig(neighbor, port, neighborAsn, localAsn, sourceAddress, true, holdTime, backoff,
                md5Password, ttlSecurityHops, ttl, maxPrefixes, families, addPathReceive, addPathSend,
                gracefulRestartTime, extendedMessages, routeRefresh, extendedNextHop, policy, nextHop,
                reflectorClient, ipv4NextHop, ipv6NextHop);
    }

    /** Our AS towards this peer. */
    public Asn effectiveLocalAsn(Asn speakerAsn) {
        return localAsn.orElse(speakerAsn);
    }

    public boolean isInternal(Asn speakerAsn) {
        return effectiveLocalAsn(speakerAsn).equals(remoteAsn);
    }

    /** The TTL to send with: 255 under GTSM, else {@link #ttl} or its default; 0 leaves the system default. */
    public int outgoingTtl(Asn speakerAsn) {
        if (ttlSecurityHops > 0) {
            return 255;
        }
        if (ttl > 0) {
            return ttl;
        }
        return isInternal(speakerAsn) ? 0 : 1;
    }

    /** The smallest TTL accepted under GTSM (RFC 5082 §3), 0 when GTSM is off. */
    public int minimumTtl() {
        return ttlSecurityHops > 0 ? 256 - ttlSecurityHops : 0;
    }

    /** Keeps the password out of logs. */
    @Override
    public String toString() {
        return "PeerConfig[" + address + ":" + port + " AS" + remoteAsn
                + localAsn.map(a -> " local AS" + a).orElse("")
                + (passive ? " passive" : "") + (md5Password != null ? " md5" : "")
                + (ttlSecurityHops > 0 ? " gtsm " + ttlSecurityHops : "")
                + " families " + families + " policy " + policy
                + ipv4NextHop.map(a -> " ipv4 next hop " + a).orElse("")
                + ipv6NextHop.map(a -> " ipv6 next hop " + a).orElse("") + "]";
    }

    /** Mutable helper to build a {@link PeerConfig}; defaults as documented on the fields. */
    public static final class Builder {
        private final IpAddress address;
        private final Asn remoteAsn;
        private int port = SpeakerConfig.BGP_PORT;
        private Optional<Asn> localAsn = Optional.empty();
        private Optional<IpAddress> sourceAddress = Optional.empty();
        private boolean passive;
        private Optional<Duration> holdTime = Optional.empty();
        private ConnectRetryBackoff backoff = ConnectRetryBackoff.DEFAULT;
        private String md5Password;
        private int ttlSecurityHops;
        private int ttl;
        private long maxPrefixes;
        private Set<AddressFamily> families = Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
        private Set<AddressFamily> addPathReceive = Set.of();
        private Set<AddressFamily> addPathSend = Set.of();
        private Optional<Duration> gracefulRestartTime = Optional.empty();
        private boolean extendedMessages = true;
        private boolean routeRefresh = true;
        private boolean extendedNextHop;
        private PeerPolicy policy = PeerPolicy.none();
        private NextHopMode nextHop = NextHopMode.AUTO;
        private boolean reflectorClient;
        private Optional<IpAddress> ipv4NextHop = Optional.empty();
        private Optional<IpAddress> ipv6NextHop = Optional.empty();

        private Builder(IpAddress address, Asn remoteAsn) {
            this.address = address;
            this.remoteAsn = remoteAsn;
        }

        public Builder port(int v) { port = v; return this; }
        public Builder localAsn(Asn v) { localAsn = Optional.ofNullable(v); return this; }
        public Builder sourceAddress(IpAddress v) { sourceAddress = Optional.ofNullable(v); return this; }
        public Builder passive(boolean v) { passive = v; return this; }
        public Builder holdTime(Duration v) { holdTime = Optional.ofNullable(v); return this; }
        public Builder backoff(ConnectRetryBackoff v) { backoff = v; return this; }
        public Builder md5Password(String v) { md5Password = v; return this; }
        public Builder ttlSecurityHops(int v) { ttlSecurityHops = v; return this; }
        public Builder ttl(int v) { ttl = v; return this; }
        public Builder maxPrefixes(long v) { maxPrefixes = v; return this; }
        public Builder families(Set<AddressFamily> v) { families = v; return this; }
        public Builder addPathReceive(Set<AddressFamily> v) { addPathReceive = v; return this; }
        public Builder addPathSend(Set<AddressFamily> v) { addPathSend = v; return this; }
        public Builder gracefulRestartTime(Duration v) { gracefulRestartTime = Optional.ofNullable(v); return this; }
        public Builder extendedMessages(boolean v) { extendedMessages = v; return this; }
        public Builder routeRefresh(boolean v) { routeRefresh = v; return this; }
        public Builder extendedNextHop(boolean v) { extendedNextHop = v; return this; }
        public Builder policy(PeerPolicy v) { policy = v; return this; }
        public Builder nextHop(NextHopMode v) { nextHop = v; return this; }
        public Builder reflectorClient(boolean v) { reflectorClient = v; return this; }
        /** Our IPv4 next hop for IPv4 routes on an IPv6 session without RFC 8950; null for none. */
        public Builder ipv4NextHop(IpAddress v) { ipv4NextHop = Optional.ofNullable(v); return this; }
        /** Our IPv6 next hop for IPv6 routes on an IPv4 session; null for none. */
        public Builder ipv6NextHop(IpAddress v) { ipv6NextHop = Optional.ofNullable(v); return this; }

        public PeerConfig build() {
            return new PeerConfig(address, port, remoteAsn, localAsn, sourceAddress, passive, holdTime, backoff,
                    md5Password, ttlSecurityHops, ttl, maxPrefixes, families, addPathReceive, addPathSend,
                    gracefulRestartTime, extendedMessages, routeRefresh, extendedNextHop, policy, nextHop,
                    reflectorClient, ipv4NextHop, ipv6NextHop);
        }
    }
}

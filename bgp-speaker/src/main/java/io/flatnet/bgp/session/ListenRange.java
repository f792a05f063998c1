package io.flatnet.bgp.session;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Dynamic neighbours: sessions the speaker accepts from any address inside {@link #prefixes}
 * without a {@link PeerConfig} of their own (BIRD's {@code neighbor range}, FRR's {@code bgp listen
 * range}). An accepted connection from such an address gets a peer made from {@link #template}
 * with the remote address filled in, {@link #peerAsn} as the AS it must announce, and passive
 * forced on: the speaker never connects to a dynamic neighbour, it only answers. The peer lasts
 * as long as its session; when the session ends the peer is dropped (its routes go as any
 * peer's do: at once, or after the graceful-restart time it negotiated).
 *
 * <p>Configured peers come first: a range is consulted only for an address no configured peer has.
 * When ranges overlap, the most specific prefix containing the address wins; among equally
 * specific ones, the range listed first.
 *
 * <p>Trust: a range is an open door. Anyone who can open a TCP connection from an address in it
 * and announce {@link #peerAsn} gets a session, sends routes that import policy then judges, and
 * receives what export policy gives. There is no password (TCP MD5 is refused on a template: the
 * listener sets MD5 keys per address, and a range would need the kernel's per-prefix keys, which
 * the transport does not expose) and no other proof of who is connecting. Use only ranges whose
 * every address you control (a node subnet behind your own routers, not a shared or routed
 * space), keep policy on eBGP ranges, and let {@link #limit} and the template's
 * {@code maxPrefixes} bound what a misbehaving or forged neighbour can cost.
 *
 * <p>{@link #limit} caps the dynamic peers one range holds at a time (FRR's {@code bgp listen
 * limit}): a connection that would exceed it is closed at once, with a log line naming the range
 * and its limit. A lower limit does not end peers already accepted; they count until they go.
 *
 * @param name      names the range in logs and the API; unique among the speaker's ranges
 * @param prefixes  the addresses accepted; IPv4 and IPv6 may be mixed
 * @param peerAsn   the AS a dynamic neighbour must announce (the local AS for iBGP clients)
 * @param template  everything else about the peers: families, timers, policy, next-hop mode,
 *                  route-reflector client flag. Its address, remote AS and passive flag are
 *                  replaced for each peer
 * @param limit     the most dynamic peers this range holds at once; at least 1
 */
public record ListenRange(String name, List<IpPrefix> prefixes, Asn peerAsn, PeerConfig template, int limit) {
    /** The limit when none is given, as FRR's {@code bgp listen limit} default. */
    public static final int DEFAULT_LIMIT = 100;

    public ListenRange {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a listen range needs a name");
        }
        prefixes = List.copyOf(prefixes);
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("listen range " + name + " has no prefixes");
        }
        Objects.requireNonNull(peerAsn, "peerAsn");
        Objects.requireNonNull(template, "template");
        if (template.md5Password() != null) {
            throw new IllegalArgumentException("listen range " + name
                    + ": TCP MD5 is not supported for dynamic neighbours (keys are set per address)");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("listen range " + name + ": the limit must be at least 1, not " + limit);
        }
    }

    /** A range with the {@link #DEFAULT_LIMIT}. */
    public ListenRange(String name, List<IpPrefix> prefixes, Asn peerAsn, PeerConfig template) {
        this(name, prefixes, peerAsn, template, DEFAULT_LIMIT);
    }

    /** This range holding at most {@code max} dynamic peers at once. */
    public ListenRange withLimit(int max) {
        return new ListenRange(name, prefixes, peerAsn, template, max);
    }

    /** Peers in {@code prefixes} with AS {@code peerAsn} and the defaults of {@link PeerConfig.Builder}. */
    public static ListenRange of(String name, List<IpPrefix> prefixes, Asn peerAsn) {
        return new ListenRange(name, prefixes, peerAsn, defaultTemplate(prefixes, peerAsn).build());
    }

    /**
     * A builder for a template, with a placeholder address (the first prefix's network), so that
     * callers state only what differs from the defaults.
     */
    public static PeerConfig.Builder defaultTemplate(List<IpPrefix> prefixes, Asn peerAsn) {
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("a listen range needs at least one prefix");
        }
        return PeerConfig.builder(prefixes.getFirst().address(), peerAsn).passive(true);
    }

    /** The length of the longest of our prefixes that contains {@code address}, or -1 when none does. */
    int matchLength(IpAddress address) {
        int best = -1;
        for (IpPrefix p : prefixes) {
            if (p.length() > best && p.contains(address)) {
                best = p.length();
            }
        }
        return best;
    }

    /** The peer configuration for a connection from {@code address}. */
    public PeerConfig peerFor(IpAddress address) {
        return template.withNeighbor(address, peerAsn);
    }

    /** The range that takes a connection from {@code address}: most specific match, then first listed. */
    public static Optional<ListenRange> select(List<ListenRange> ranges, IpAddress address) {
        int i = selectIndex(ranges, address);
        return i < 0 ? Optional.empty() : Optional.of(ranges.get(i));
    }

    /**
     * The position in {@code ranges} of the range {@link #select} picks, or -1 when none takes
     * {@code address}; for callers that keep something of their own beside each range.
     */
    public static int selectIndex(List<ListenRange> ranges, IpAddress address) {
        int best = -1;
        int bestLength = -1;
        for (int i = 0; i < ranges.size(); i++) {
            int length = ranges.get(i).matchLength(address);
            if (length > bestLength) {
                best = i;
                bestLength = length;
            }
        }
        return best;
    }
}

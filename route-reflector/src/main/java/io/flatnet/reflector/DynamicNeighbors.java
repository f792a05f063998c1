package io.flatnet.reflector;

import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.session.ListenRange;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Dynamic neighbours for the standalone reflector: sessions are accepted from any address inside
 * the configured ranges, so thousands of nodes need no per-node configuration (BIRD's
 * {@code neighbor range}, FRR's {@code bgp listen range}).
 *
 * <p>The speaker does the accepting: {@link #listenRanges()} turns the templates into its
 * {@link ListenRange}s ({@code BgpSpeaker.setListenRanges}), and the speaker then creates a
 * passive peer for each connection from inside a range, for the life of the session, and closes
 * connections from anywhere else at once. Configured peers take precedence: the speaker consults
 * the ranges only for addresses it has no configuration for.
 *
 * <p>When ranges overlap, the most specific range containing the address wins; among equally
 * specific ranges, the first listed. A range of another address family never matches.
 *
 * @param templates the ranges and what their peers get; names are unique
 */
public record DynamicNeighbors(List<PeerTemplate> templates) {
    public static final DynamicNeighbors NONE = new DynamicNeighbors(List.of());

    public DynamicNeighbors {
        templates = List.copyOf(templates);
        Set<String> names = new HashSet<>();
        for (PeerTemplate t : templates) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("two dynamic-neighbour ranges named " + t.name());
            }
        }
    }

    public static DynamicNeighbors of(PeerTemplate... templates) {
        return new DynamicNeighbors(List.of(templates));
    }

    /** The speaker's listen ranges, one per template, in order. */
    public List<ListenRange> listenRanges() {
        return templates.stream().map(PeerTemplate::listenRange).toList();
    }

    /** The template the speaker picks for a connection from {@code address}, or empty when it refuses it. */
    public Optional<PeerTemplate> matches(IpAddress address) {
        int i = ListenRange.selectIndex(listenRanges(), address); // ranges are in template order
        return i < 0 ? Optional.empty() : Optional.of(templates.get(i));
    }

    public boolean isEmpty() {
        return templates.isEmpty();
    }
}

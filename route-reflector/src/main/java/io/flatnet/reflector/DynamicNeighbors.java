package io.flatnet.reflector;

import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Dynamic neighbours for the standalone reflector: sessions are accepted from any address inside
 * the configured ranges, so thousands of nodes need no per-node configuration (BIRD's
 * {@code neighbor range}, FRR's {@code bgp listen range}).
 *
 * <p>The hook the session side is expected to call when a connection arrives from an address
 * that is not a configured peer is {@link #acceptor()}: a
 * {@code Function<IpAddress, Optional<PeerTemplate>>}. Empty means refuse the connection (as
 * today for unknown sources); a template means create a passive peer for that address from it,
 * for the life of the session. Configured peers take precedence: the session side consults the
 * acceptor only for addresses it has no configuration for.
 *
 * <p>When ranges overlap, the most specific range containing the address wins; among equally
 * specific ranges, the first listed. A range of another address family never matches.
 *
 * @param templates the ranges and what their peers get
 */
public record DynamicNeighbors(List<PeerTemplate> templates) {
    public static final DynamicNeighbors NONE = new DynamicNeighbors(List.of());

    public DynamicNeighbors {
        templates = List.copyOf(templates);
    }

    public static DynamicNeighbors of(PeerTemplate... templates) {
        return new DynamicNeighbors(List.of(templates));
    }

    /** The template for a connection from {@code address}, or empty to refuse it. */
    public Optional<PeerTemplate> matches(IpAddress address) {
        PeerTemplate best = null;
        for (PeerTemplate t : templates) {
            IpPrefix range = t.range();
            if (range.contains(address) && (best == null || range.length() > best.range().length())) {
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@link #matches} as the function the session side takes. */
    public Function<IpAddress, Optional<PeerTemplate>> acceptor() {
        return this::matches;
    }

    public boolean isEmpty() {
        return templates.isEmpty();
    }
}

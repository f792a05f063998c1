package io.flatnet.agent.kernel;

import java.util.List;

/**
 * Where one prefix stands in the kernel, as the installer knows it: one case per state, so a
 * reader of it switches over every case and a new one does not fall into a default. The API
 * turns these into its wire words; here they are types.
 */
public sealed interface PrefixStatus {

    /** A route of ours for the prefix is in the kernel table, via these gateways. */
    record Installed(List<String> nextHops) implements PrefixStatus {
        public Installed {
            nextHops = List.copyOf(nextHops);
        }
    }

    /** One of the node's own blocks or service ranges: a blackhole route of ours. */
    record Blackhole() implements PrefixStatus {}

    /** A learned best path kept out of the kernel: a service range, an unusable next hop, the kernel refused it. */
    record Excluded(String reason) implements PrefixStatus {}

    /** Learned (or a blackhole of ours), not applied to the kernel yet. */
    record Pending() implements PrefixStatus {}

    /** Nothing of ours is desired for the prefix. */
    record Absent() implements PrefixStatus {}
}

package io.flatnet.agent.config.model;

import io.flatnet.bgp.model.Asn;
import java.util.List;
import java.util.Objects;

/** One entry of a BGPFilter rule's {@code operations}: a mapping with exactly one of these keys. */
public sealed interface FilterOperation {

    /** {@code addCommunity: {value: "65000:100"}}. */
    record AddCommunity(CommunityValue value) implements FilterOperation {
        public AddCommunity { Objects.requireNonNull(value, "value"); }
    }

    /** {@code prependASPath: {prefix: [65000, 65000]}}. */
    record PrependAsPath(List<Asn> prefix) implements FilterOperation {
        public PrependAsPath { prefix = List.copyOf(prefix); }
    }

    /** {@code setPriority: {value: 512}}: the kernel route metric of an imported route. */
    record SetPriority(int value) implements FilterOperation {}
}

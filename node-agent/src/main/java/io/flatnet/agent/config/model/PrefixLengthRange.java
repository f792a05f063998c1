package io.flatnet.agent.config.model;

import java.util.OptionalInt;

/** {@code prefixLength: {min, max}} of a BGPFilter rule; either bound may be absent. */
public record PrefixLengthRange(OptionalInt min, OptionalInt max) {
    public PrefixLengthRange {
        if (min.isPresent() && max.isPresent() && min.getAsInt() > max.getAsInt()) {
            throw new IllegalArgumentException("min " + min.getAsInt() + " is above max " + max.getAsInt());
        }
    }
}

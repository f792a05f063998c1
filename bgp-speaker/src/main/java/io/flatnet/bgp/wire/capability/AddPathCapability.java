package io.flatnet.bgp.wire.capability;

import io.flatnet.bgp.model.AddressFamily;
import java.util.List;
import java.util.Objects;

/** Add-path (RFC 7911 §4): per family, whether the speaker sends and/or receives multiple paths. */
public record AddPathCapability(List<Entry> entries) implements Capability {
    public AddPathCapability {
        entries = List.copyOf(entries);
    }

    /** The Send/Receive field: 1 receive, 2 send, 3 both. */
    public enum Mode {
        RECEIVE(1),
        SEND(2),
        BOTH(3);

        private final int code;

        Mode(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public boolean receives() {
            return this != SEND;
        }

        public boolean sends() {
            return this != RECEIVE;
        }

        /** The mode for a wire value, or {@code null} for a value RFC 7911 does not define. */
        public static Mode fromCode(int code) {
            return switch (code) {
                case 1 -> RECEIVE;
                case 2 -> SEND;
                case 3 -> BOTH;
                default -> null;
            };
        }
    }

    public record Entry(AddressFamily family, Mode mode) {
        public Entry {
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(mode, "mode");
        }
    }

    @Override
    public int code() {
        return ADD_PATH;
    }
}

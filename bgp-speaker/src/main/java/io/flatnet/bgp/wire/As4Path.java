package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.attribute.AsPath;
import java.util.Objects;

/**
 * AS4_PATH as read off the wire (RFC 6793 §3). Exists only inside the codec: the reader merges it
 * into AS_PATH, the writer derives it from AS_PATH, and {@link io.flatnet.bgp.wire.message.Update}
 * never holds one.
 *
 * @param path              the 4-octet path, confederation segments already removed
 * @param droppedConfedSegments confederation segments were present and removed (RFC 6793 §6), to log
 */
record As4Path(AsPath path, boolean droppedConfedSegments) {
    As4Path {
        Objects.requireNonNull(path, "path");
    }
}

package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.AddressFamily;
import java.util.Set;

/** Codec contexts the tests need beyond {@link CodecContext#INITIAL}. */
final class Contexts {
    private Contexts() {}

    static CodecContext extendedMessages() {
        CodecContext c = CodecContext.INITIAL;
        return new CodecContext(c.fourOctetAs(), true, c.addPathReceive(), c.addPathSend(), c.extendedNextHop(),
                Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST), c.internalPeer());
    }
}

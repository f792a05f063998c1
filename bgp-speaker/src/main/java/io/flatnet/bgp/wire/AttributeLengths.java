package io.flatnet.bgp.wire;

import io.netty.buffer.ByteBuf;

/** Length checks shared by the fixed-size and list-shaped attribute codecs. */
final class AttributeLengths {
    private AttributeLengths() {}

    static void exactly(ByteBuf value, int expected, String attribute) throws MalformedException {
        if (value.readableBytes() != expected) {
            throw MalformedException.length(attribute, value.readableBytes(), Integer.toString(expected));
        }
    }

    /** RFC 7606 §7.8, §7.10, §7.14, RFC 8092 §6: list attributes are a non-zero multiple of their entry size. */
    static int nonZeroMultiple(ByteBuf value, int entry, String attribute) throws MalformedException {
        int length = value.readableBytes();
        if (length == 0 || length % entry != 0) {
            throw MalformedException.length(attribute, length, "a non-zero multiple of " + entry);
        }
        return length / entry;
    }
}

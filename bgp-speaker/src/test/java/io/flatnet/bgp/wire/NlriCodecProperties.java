package io.flatnet.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The NLRI codec against a model of the encoding built from {@link NlriWire} and
 * {@link IpPrefix}'s own host-bit masking: lists encode to the model's bytes and decode back,
 * and any field decodes to what the model reads or fails with the reason the model expects.
 */
class NlriCodecProperties {

    record Entry(long pathId, int length, long high, long low) {}

    record Field(Afi afi, boolean pathIds, byte[] octets) {}

    @Property(tries = 1000)
    void encodeWritesTheModelsBytesAndDecodesBack(@ForAll("afis") Afi afi, @ForAll boolean pathIds,
            @ForAll("entries") List<Entry> entries) throws Exception {
        NlriList.Builder builder = NlriList.builder(afi, pathIds);
        StringBuilder wire = new StringBuilder();
        for (Entry e : entries) {
            int length = e.length() % (afi.maxPrefixLength() + 1);
            IpPrefix prefix = new IpPrefix(afi, e.high(), e.low(), length);
            builder.add(e.pathId(), prefix);
            wire.append(NlriWire.entry(afi, pathIds ? e.pathId() : -1, length, prefix.high(), prefix.low()));
        }
        NlriList list = builder.build();

        ByteBuf out = Unpooled.buffer();
        NlriCodec.encode(list, pathIds, out);
        assertThat(WireFixtures.hex(out)).isEqualTo(wire.toString());
        assertThat(NlriCodec.length(list, pathIds)).isEqualTo(out.readableBytes());
        assertThat(NlriCodec.decode(out, out.readerIndex(), out.writerIndex(), afi, pathIds)).isEqualTo(list);
    }

    @Property(tries = 5000)
    void anyFieldDecodesAsTheModelReadsIt(@ForAll("fields") Field field) {
        Object expected = modelRead(field);
        Object actual;
        ByteBuf buf = Unpooled.wrappedBuffer(field.octets());
        try {
            actual = NlriCodec.decode(buf, 0, field.octets().length, field.afi(), field.pathIds());
        } catch (MalformedException e) {
            assertThat(e.code()).isEqualTo(NotificationCode.INVALID_NETWORK_FIELD);
            actual = e.reason();
        }
        assertThat(actual).as(HexFormat.of().formatHex(field.octets())).isEqualTo(expected);
    }

    /** The list the field holds, or the reason it is malformed, read entry by entry as RFC 4271 §4.3 lays it out. */
    private static Object modelRead(Field field) {
        Afi afi = field.afi();
        byte[] octets = field.octets();
        NlriList.Builder builder = NlriList.builder(afi, field.pathIds());
        int at = 0;
        while (at < octets.length) {
            int left = octets.length - at;
            long pathId = 0;
            if (field.pathIds()) {
                if (left < 5) {
                    return afi + " NLRI overruns its field: " + left + " octets left, need a path identifier and a length";
                }
                pathId = Integer.toUnsignedLong(Unpooled.wrappedBuffer(octets).getInt(at));
                at += 4;
            }
            int length = octets[at++] & 0xFF;
            if (length > afi.maxPrefixLength()) {
                return afi + " prefix length " + length + " exceeds " + afi.maxPrefixLength();
            }
            int needed = (length + 7) / 8;
            if (octets.length - at < needed) {
                return afi + " NLRI overruns its field: " + (octets.length - at) + " octets left, need " + needed
                        + " prefix octets for a /" + length;
            }
            byte[] address = Arrays.copyOfRange(octets, at, at + (afi == Afi.IPV4 ? 4 : 16)); // zero-padded past the end
            builder.add(pathId, IpPrefix.of(IpAddress.fromBytes(address), length));
            at += needed;
        }
        return builder.build();
    }

    @Provide
    Arbitrary<Afi> afis() {
        return Arbitraries.of(Afi.values());
    }

    @Provide
    Arbitrary<List<Entry>> entries() {
        Arbitrary<Entry> entry = Combinators.combine(
                Arbitraries.longs().between(0, 0xFFFF_FFFFL),
                Arbitraries.integers().between(0, 255),
                Arbitraries.longs(),
                Arbitraries.longs()).as(Entry::new);
        return entry.list().ofMaxSize(40);
    }

    /**
     * Fields of well-formed entries (host bits set or not), then cut short, given a stray tail or
     * one octet changed: most reach deep into the field before anything goes wrong.
     */
    @Provide
    Arbitrary<Field> fields() {
        return Combinators.combine(afis(), Arbitraries.of(false, true), entries(),
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1 << 16),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(3)).as((afi, pathIds, entries, damage, where, tail) -> {
                    StringBuilder wire = new StringBuilder();
                    for (Entry e : entries) {
                        wire.append(NlriWire.entry(afi, pathIds ? e.pathId() : -1,
                                e.length() % (afi.maxPrefixLength() + 1), e.high(), e.low()));
                    }
                    byte[] octets = HexFormat.of().parseHex(wire);
                    switch (damage) {
                        case 1 -> octets = Arrays.copyOf(octets, octets.length == 0 ? 0 : where % octets.length);
                        case 2 -> {
                            octets = Arrays.copyOf(octets, octets.length + tail.length);
                            System.arraycopy(tail, 0, octets, octets.length - tail.length, tail.length);
                        }
                        case 3 -> {
                            if (octets.length > 0) {
                                octets[where % octets.length] = (byte) (where >>> 3);
                            }
                        }
                        default -> { }
                    }
                    return new Field(afi, pathIds, octets);
                });
    }
}

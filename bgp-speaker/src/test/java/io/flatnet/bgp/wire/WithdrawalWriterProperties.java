package io.flatnet.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link WithdrawalWriter} writes the octets of the general path ({@link UpdatePacker#withdraw}
 * then {@link MessageEncoder}) for the same prefixes: both families, with and without add-path
 * ids, 4096- and 65535-octet messages, prefix counts from none to several messages' worth.
 */
class WithdrawalWriterProperties {

    @Property(tries = 400)
    void writesWhatThePackerAndEncoderWrite(@ForAll("afis") Afi afi, @ForAll boolean addPath,
            @ForAll boolean extended, @ForAll("lengths") List<Integer> lengths) {
        CodecContext context = context(addPath, extended);
        NlriList.Builder builder = NlriList.builder(afi, addPath);
        for (int i = 0; i < lengths.size(); i++) {
            builder.add(7L * i + 1, new IpPrefix(afi, 0x2001_0db8_0000_0000L + 977L * i * 0x1_0000_0000L,
                    0x0a00_0000L + (31L << 8) * i + 0x5a5a_5a5a_0000_0000L, lengths.get(i) % (afi.maxPrefixLength() + 1)));
        }
        NlriList prefixes = builder.build();
        AddressFamily family = AddressFamily.unicast(afi);

        ByteBuf expected = Unpooled.buffer();
        List<Update> packed = UpdatePacker.withdraw(family, prefixes, context);
        for (Update u : packed) {
            MessageEncoder.encode(u, context, expected);
        }
        ByteBuf actual = Unpooled.buffer();
        WithdrawalWriter writer = new WithdrawalWriter(family, context, actual);
        for (int i = 0; i < prefixes.size(); i++) {
            if (afi == Afi.IPV4) {
                writer.addV4(prefixes.pathId(i), prefixes.v4Bits(i), prefixes.prefixLength(i));
            } else {
                writer.addV6(prefixes.pathId(i), prefixes.high(i), prefixes.low(i), prefixes.prefixLength(i));
            }
        }

        assertThat(writer.finish()).isEqualTo(packed.size());
        assertThat(ByteBufUtil.hexDump(actual)).isEqualTo(ByteBufUtil.hexDump(expected));
    }

    @Example
    void writesNothingForNoPrefixes() {
        ByteBuf out = Unpooled.buffer();
        WithdrawalWriter writer = new WithdrawalWriter(AddressFamily.IPV6_UNICAST, WireFixtures.FOUR, out);
        assertThat(writer.finish()).isZero();
        assertThat(out.readableBytes()).isZero();
    }

    @Example
    void aFullTablesWithdrawalFillsEachMessage() {
        ByteBuf out = Unpooled.buffer();
        WithdrawalWriter writer = new WithdrawalWriter(AddressFamily.IPV4_UNICAST, WireFixtures.FOUR, out);
        for (int i = 0; i < 10_000; i++) {
            writer.addV4(0, 0x0a00_0000 + (i << 8), 24);
        }
        // 4096 - 19 (header) - 4 (the two length fields) = 4073 octets: 1018 entries of 4 a message
        assertThat(writer.finish()).isEqualTo(10);
        assertThat(out.getUnsignedShort(16)).isEqualTo(19 + 2 + 1018 * 4 + 2);
    }

    private static CodecContext context(boolean addPath, boolean extended) {
        CodecContext base = addPath ? WireFixtures.ADD_PATH : WireFixtures.FOUR;
        return new CodecContext(base.fourOctetAs(), extended, base.addPathReceive(), base.addPathSend(),
                base.extendedNextHop(), Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST), false);
    }

    @Provide
    Arbitrary<Afi> afis() {
        return Arbitraries.of(Afi.IPV4, Afi.IPV6);
    }

    @Provide
    Arbitrary<List<Integer>> lengths() {
        return Arbitraries.integers().between(0, 128).list().ofMinSize(0).ofMaxSize(4000);
    }
}

package io.flatnet.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.wire.attribute.MpUnreachNlri;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link WithdrawalWriter} against the decoder and the canonical encoder: every message decodes
 * cleanly to the next run of the prefixes given, in order; {@link MessageEncoder} writes the same
 * octets for the decoded message; each fits the session's limit, and none could have taken the
 * next message's first prefix. Both families, with and without add-path ids, 4096- and
 * 65535-octet messages, from no prefixes to several messages' worth.
 */
class WithdrawalWriterProperties {

    @Property(tries = 300)
    void writesFullCanonicalMessagesInOrder(@ForAll("afis") Afi afi, @ForAll boolean addPath,
            @ForAll boolean extended, @ForAll("lengths") List<Integer> lengths) throws BgpWireException {
        check(afi, addPath, extended, lengths);
    }

    /** The edges random lengths seldom hit: a message filled to its last octet, and the MP attribute's 255-octet step. */
    @Example
    void edges() throws BgpWireException {
        check(Afi.IPV4, false, false, java.util.Collections.nCopies(2 * 4073 + 1, 0)); // 1-octet entries fill 4073 exactly
        check(Afi.IPV6, false, false, java.util.Collections.nCopies(2 * 4066 + 1, 0)); // and 4066 in MP_UNREACH_NLRI
        check(Afi.IPV6, false, false, java.util.Collections.nCopies(28, 64)); // 3 + 28 * 9 = 255: a one-octet length
        check(Afi.IPV6, false, false, java.util.Collections.nCopies(29, 64)); // 264: two octets
        check(Afi.IPV6, true, false, java.util.Collections.nCopies(2 * 4070 / 9 + 3, 32)); // add-path, several messages
    }

    private static void check(Afi afi, boolean addPath, boolean extended, List<Integer> lengths) throws BgpWireException {
        CodecContext context = context(addPath, extended);
        NlriList.Builder builder = NlriList.builder(afi, addPath);
        for (int i = 0; i < lengths.size(); i++) {
            builder.add(7L * i + 1, new IpPrefix(afi, 0x2001_0db8_0000_0000L + 977L * i * 0x1_0000_0000L,
                    0x0a00_0000L + (31L << 8) * i + 0x5a5a_5a5a_0000_0000L, lengths.get(i) % (afi.maxPrefixLength() + 1)));
        }
        NlriList prefixes = builder.build();
        AddressFamily family = AddressFamily.unicast(afi);

        ByteBuf out = Unpooled.buffer();
        WithdrawalWriter writer = new WithdrawalWriter(family, context, out);
        for (int i = 0; i < prefixes.size(); i++) {
            if (afi == Afi.IPV4) {
                writer.addV4(prefixes.pathId(i), prefixes.v4Bits(i), prefixes.prefixLength(i));
            } else {
                writer.addV6(prefixes.pathId(i), prefixes.high(i), prefixes.low(i), prefixes.prefixLength(i));
            }
        }
        int messages = writer.finish();

        List<ByteBuf> frames = frames(out);
        assertThat(frames).hasSize(messages);
        int start = 0;
        for (int k = 0; k < frames.size(); k++) {
            ByteBuf frame = frames.get(k);
            Decoded decoded = MessageDecoder.decode(frame.duplicate(), context);
            assertThat(decoded.errors()).isEmpty();
            Update update = (Update) decoded.message();
            NlriList carried = withdrawn(update, afi);
            assertThat(carried).isEqualTo(prefixes.slice(start, start + carried.size()));
            ByteBuf canonical = Unpooled.buffer();
            MessageEncoder.encode(update, context, canonical);
            assertThat(ByteBufUtil.hexDump(frame)).as("message %d as the encoder writes it", k)
                    .isEqualTo(ByteBufUtil.hexDump(canonical));
            assertThat(frame.readableBytes()).isLessThanOrEqualTo(context.maxMessageLength());
            start += carried.size();
            if (start < prefixes.size()) {
                int next = NlriCodec.entryLength(prefixes.prefixLength(start), addPath);
                assertThat(frame.readableBytes() + next + (afi == Afi.IPV4 ? 0 : headerGrowth(frame, next)))
                        .as("message %d could not take one more", k).isGreaterThan(context.maxMessageLength());
            }
        }
        assertThat(start).as("every prefix written").isEqualTo(prefixes.size());
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
        for (int i = 0; i < 3000; i++) {
            writer.addV4(0, 0x0a00_0000 + (i << 8), 24);
        }
        // 4096 - 19 (header) - 4 (the two length fields) = 4073 octets: 1018 entries of 4 a message
        assertThat(writer.finish()).isEqualTo(3);
        assertThat(frames(out)).extracting(ByteBuf::readableBytes)
                .containsExactly(19 + 4 + 1018 * 4, 19 + 4 + 1018 * 4, 19 + 4 + 964 * 4);
    }

    @Example
    void aPrefixOfTheOtherFamilyIsRefused() {
        WithdrawalWriter v6 = new WithdrawalWriter(AddressFamily.IPV6_UNICAST, WireFixtures.FOUR, Unpooled.buffer());
        assertThatThrownBy(() -> v6.addV4(0, 0x0a00_0000, 24)).isInstanceOf(IllegalArgumentException.class);
        WithdrawalWriter v4 = new WithdrawalWriter(AddressFamily.IPV4_UNICAST, WireFixtures.FOUR, Unpooled.buffer());
        assertThatThrownBy(() -> v4.addV6(0, 0x2001_0db8_0000_0000L, 0, 32)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The octet by which an MP_UNREACH_NLRI header grows if its value passes 255 with one entry
     * more (the one-octet length becomes two).
     */
    private static int headerGrowth(ByteBuf frame, int nextEntry) {
        int flags = frame.getUnsignedByte(CodecContext.HEADER_LENGTH + 4);
        boolean extended = (flags & 0x10) != 0;
        int value = extended ? frame.getUnsignedShort(CodecContext.HEADER_LENGTH + 6)
                : frame.getUnsignedByte(CodecContext.HEADER_LENGTH + 6);
        return !extended && value + nextEntry > 255 ? 1 : 0;
    }

    private static NlriList withdrawn(Update update, Afi afi) {
        return afi == Afi.IPV4 ? update.withdrawn() : update.mpUnreach().map(MpUnreachNlri::withdrawn).orElseThrow();
    }

    /** The messages in {@code out}, cut at their length fields. */
    private static List<ByteBuf> frames(ByteBuf out) {
        List<ByteBuf> frames = new ArrayList<>();
        for (int at = out.readerIndex(); at < out.writerIndex(); ) {
            int length = out.getUnsignedShort(at + 16);
            frames.add(out.slice(at, length));
            at += length;
        }
        return frames;
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

    /** Lengths of prefixes: few or enough for several messages, all one length or mixed. */
    @Provide
    Arbitrary<List<Integer>> lengths() {
        Arbitrary<Integer> length = Arbitraries.integers().between(0, 128);
        Arbitrary<List<Integer>> mixed = length.list().ofMaxSize(4000);
        Arbitrary<List<Integer>> uniform = Arbitraries.integers().between(0, 4000)
                .flatMap(n -> length.map(l -> java.util.Collections.nCopies(n, l)));
        return Arbitraries.oneOf(mixed, uniform);
    }
}

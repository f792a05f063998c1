package io.flatnet.bgp.wire;

import static io.flatnet.bgp.wire.WireFixtures.buf;
import static io.flatnet.bgp.wire.WireFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NlriCodecTest {

    @Test
    void ipv4PrefixesOfEveryOctetCount() throws Exception {
        NlriList list = decode("00  08 0a  10 0a01  18 0a0102  20 0a010203  19 0a010280", Afi.IPV4, false);
        assertThat(list.prefixes()).containsExactly(IpPrefix.parse("0.0.0.0/0"), IpPrefix.parse("10.0.0.0/8"),
                IpPrefix.parse("10.1.0.0/16"), IpPrefix.parse("10.1.2.0/24"), IpPrefix.parse("10.1.2.3/32"),
                IpPrefix.parse("10.1.2.128/25"));
        assertThat(encode(list, false)).isEqualTo(hex("00  08 0a  10 0a01  18 0a0102  20 0a010203  19 0a010280"));
    }

    @Test
    void hostBitsPastThePrefixLengthAreMasked() throws Exception {
        NlriList list = decode("17 0a0301  01 ff  1f ffffffff", Afi.IPV4, false);
        assertThat(list.prefixes()).containsExactly(IpPrefix.parse("10.3.0.0/23"), IpPrefix.parse("128.0.0.0/1"),
                IpPrefix.parse("255.255.255.254/31"));
        NlriList v6 = decode("41 20010db8000100027f  7f ffffffffffffffffffffffffffffffff", Afi.IPV6, false);
        assertThat(v6.prefixes()).containsExactly(IpPrefix.parse("2001:db8:1:2::/65"),
                IpPrefix.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127"));
    }

    @Test
    void ipv6AcrossTheWordBoundary() throws Exception {
        String wire = "80 20010db8000000000000000000000001  48 20010db8000100020a  00";
        NlriList list = decode(wire, Afi.IPV6, false);
        assertThat(list.prefixes()).containsExactly(IpPrefix.parse("2001:db8::1/128"),
                IpPrefix.parse("2001:db8:1:2:a00::/72"), IpPrefix.parse("::/0"));
        assertThat(encode(list, false)).isEqualTo(hex(wire));
    }

    @Test
    void pathIdsBeforeEachPrefix() throws Exception {
        String wire = "00000001 18 0a0100  ffffffff 18 0a0100  00000000 00";
        NlriList list = decode(wire, Afi.IPV4, true);
        assertThat(list.pathId(0)).isEqualTo(1);
        assertThat(list.pathId(1)).isEqualTo(0xFFFF_FFFFL);
        assertThat(list.prefix(2)).isEqualTo(IpPrefix.parse("0.0.0.0/0"));
        assertThat(encode(list, true)).isEqualTo(hex(wire));
        // A list without ids written for an add-path session gets id 0, and ids are left out for a plain one.
        assertThat(encode(NlriList.of(IpPrefix.parse("10.1.0.0/24")), true)).isEqualTo(hex("00000000 18 0a0100"));
        assertThat(encode(list, false)).isEqualTo(hex("18 0a0100 18 0a0100 00"));
    }

    @Test
    void syntaxErrorsAreInvalidNetworkField() {
        for (String bad : new String[] {"21 0a010203 04", "18 0a01", "08", "81 00"}) {
            Afi afi = bad.startsWith("81") ? Afi.IPV6 : Afi.IPV4;
            assertThatThrownBy(() -> decode(bad, afi, false)).as(bad).isInstanceOfSatisfying(MalformedException.class,
                    e -> assertThat(e.code()).isEqualTo(NotificationCode.INVALID_NETWORK_FIELD));
        }
        assertThatThrownBy(() -> decode("000000", Afi.IPV4, true)).isInstanceOf(MalformedException.class);
        assertThatThrownBy(() -> decode("00000001", Afi.IPV4, true)).isInstanceOf(MalformedException.class);
    }

    @Test
    void everyPrefixLengthRoundTripsWithAndWithoutPathIds() throws Exception {
        for (Afi afi : Afi.values()) {
            for (boolean pathIds : new boolean[] {false, true}) {
                NlriList.Builder all = NlriList.builder(afi, pathIds);
                StringBuilder wire = new StringBuilder();
                for (int length = 0; length <= afi.maxPrefixLength(); length++) {
                    IpPrefix prefix = new IpPrefix(afi, 0x0123_4567_89ab_cdefL, 0xfedc_ba98_7654_3210L, length);
                    long pathId = 0xFFFF_FFF0L + length % 16; // high ids too: they are unsigned on the wire
                    all.add(pathId, prefix);
                    wire.append(NlriWire.entry(afi, pathIds ? pathId : -1, length, prefix.high(), prefix.low()));
                }
                NlriList list = all.build();
                String context = afi + (pathIds ? " with path ids" : "");
                assertThat(decode(wire.toString(), afi, pathIds)).as(context).isEqualTo(list);
                assertThat(encode(list, pathIds)).as(context).isEqualTo(wire.toString());
            }
        }
    }

    @Test
    void hostBitsSetOnEveryLengthAreMaskedAndNotWrittenBack() throws Exception {
        for (Afi afi : Afi.values()) {
            for (boolean pathIds : new boolean[] {false, true}) {
                StringBuilder onesWire = new StringBuilder();
                StringBuilder canonical = new StringBuilder();
                NlriList.Builder expected = NlriList.builder(afi, pathIds);
                for (int length = 0; length <= afi.maxPrefixLength(); length++) {
                    long pathId = length;
                    onesWire.append(NlriWire.entry(afi, pathIds ? pathId : -1, length, -1L, -1L));
                    IpPrefix masked = new IpPrefix(afi, -1L, afi == Afi.IPV4 ? 0xFFFF_FFFFL : -1L, length);
                    canonical.append(NlriWire.entry(afi, pathIds ? pathId : -1, length, masked.high(), masked.low()));
                    expected.add(pathId, masked);
                }
                NlriList list = decode(onesWire.toString(), afi, pathIds);
                assertThat(list).as(afi + " " + pathIds).isEqualTo(expected.build());
                assertThat(encode(list, pathIds)).as(afi + " " + pathIds).isEqualTo(canonical.toString());
            }
        }
    }

    /**
     * A field cut at every octet: at an entry boundary it is the entries before the cut, anywhere
     * else the Invalid Network Field error naming what the cut entry still needed, worded as the
     * codec has always worded it (RFC 7606 §5.3 makes it a session reset, and the reason goes into
     * the log and the NOTIFICATION's operator message).
     */
    @Test
    void aCutAtEveryOctetIsAnEntryBoundaryOrTheOverrunError() throws Exception {
        for (Afi afi : Afi.values()) {
            for (boolean pathIds : new boolean[] {false, true}) {
                List<Integer> lengths = afi == Afi.IPV4 ? List.of(24, 0, 32, 9, 17, 1) : List.of(64, 0, 128, 65, 8, 127);
                StringBuilder wire = new StringBuilder();
                List<Integer> boundaries = new ArrayList<>(List.of(0));
                for (int length : lengths) {
                    wire.append(NlriWire.entry(afi, pathIds ? 7 : -1, length, -1L, -1L));
                    boundaries.add(wire.length() / 2);
                }
                byte[] whole = HexFormat.of().parseHex(wire);
                for (int cut = 1; cut < whole.length; cut++) {
                    String hex = HexFormat.of().formatHex(whole, 0, cut);
                    int entry = 0;
                    while (boundaries.get(entry + 1) <= cut) {
                        entry++;
                    }
                    int entryStart = boundaries.get(entry);
                    String context = afi + (pathIds ? " with path ids" : "") + " cut at " + cut;
                    if (entryStart == cut) {
                        assertThat(decode(hex, afi, pathIds).size()).as(context).isEqualTo(entry);
                        continue;
                    }
                    int left = cut - entryStart;
                    int length = lengths.get(entry);
                    String reason = pathIds && left < 5
                            ? afi + " NLRI overruns its field: " + left + " octets left, need a path identifier and a length"
                            : afi + " NLRI overruns its field: " + (left - (pathIds ? 5 : 1)) + " octets left, need "
                                    + (length + 7) / 8 + " prefix octets for a /" + length;
                    assertThatThrownBy(() -> decode(hex, afi, pathIds)).as(context)
                            .isInstanceOfSatisfying(MalformedException.class, e -> {
                                assertThat(e.code()).isEqualTo(NotificationCode.INVALID_NETWORK_FIELD);
                                assertThat(e.reason()).isEqualTo(reason);
                            });
                }
            }
        }
    }

    @Test
    void everyLengthPastTheFamilysMaximumIsInvalidNetworkField() {
        for (Afi afi : Afi.values()) {
            for (int length = afi.maxPrefixLength() + 1; length <= 255; length++) {
                // After a valid entry, so the error is not only caught at the field's first octet.
                String wire = "00" + String.format("%02x", length) + "ff".repeat(17);
                String reason = afi + " prefix length " + length + " exceeds " + afi.maxPrefixLength();
                assertThatThrownBy(() -> decode(wire, afi, false)).as(afi + " /" + length)
                        .isInstanceOfSatisfying(MalformedException.class, e -> {
                            assertThat(e.code()).isEqualTo(NotificationCode.INVALID_NETWORK_FIELD);
                            assertThat(e.reason()).isEqualTo(reason);
                        });
            }
        }
    }

    /** A field of many short entries outgrows the capacity the decoder guesses from /24s. */
    @Test
    void manyShortEntriesGrowTheList() throws Exception {
        NlriList list = decode("00".repeat(300) + "08 0a".repeat(300), Afi.IPV4, false);
        assertThat(list.size()).isEqualTo(600);
        assertThat(list.prefix(299)).isEqualTo(IpPrefix.parse("0.0.0.0/0"));
        assertThat(list.prefix(599)).isEqualTo(IpPrefix.parse("10.0.0.0/8"));
        NlriList v6 = decode("00".repeat(200), Afi.IPV6, true);
        assertThat(v6.size()).isEqualTo(40);
    }

    /**
     * The frame decoder hands over slices of pooled direct buffers; tests mostly use heap buffers.
     * Both, at an offset inside a larger buffer, must give the same list or the same error.
     */
    @Test
    void heapDirectAndOffsetBuffersDecodeAlike() throws Exception {
        String good = "18 0a0100  19 0a010280  00  20 ffffffff";
        String bad = "18 0a0100  19 0a0102";
        for (String hex : List.of(good, bad)) {
            byte[] field = HexFormat.of().parseHex(hex.replace(" ", ""));
            List<Object> outcomes = new ArrayList<>();
            for (ByteBuf whole : List.of(Unpooled.buffer(), Unpooled.directBuffer())) {
                whole.writeBytes(new byte[] {1, 2, 3}).writeBytes(field).writeBytes(new byte[] {(byte) 0x20, 4});
                try {
                    outcomes.add(outcome(whole, 3, 3 + field.length));
                    outcomes.add(outcome(whole.slice(3, field.length), 0, field.length));
                } finally {
                    whole.release();
                }
            }
            assertThat(outcomes).as(hex).hasSize(4).containsOnly(outcomes.getFirst());
        }
    }

    /** The decoded list, or the reason it could not be decoded. */
    private static Object outcome(ByteBuf buf, int from, int to) {
        try {
            return NlriCodec.decode(buf, from, to, Afi.IPV4, false);
        } catch (MalformedException e) {
            return e.reason();
        }
    }

    @Test
    void entryLengths() {
        assertThat(NlriCodec.entryLength(0, false)).isEqualTo(1);
        assertThat(NlriCodec.entryLength(24, false)).isEqualTo(4);
        assertThat(NlriCodec.entryLength(25, true)).isEqualTo(9);
        assertThat(NlriCodec.entryLength(128, false)).isEqualTo(17);
    }

    /**
     * A 4096-octet UPDATE packed with /24s (about a thousand of them) must not allocate per
     * prefix: the packed list costs 9 octets an entry (a long and a byte), an IpPrefix per entry
     * would cost over 30. Measured with the JVM's per-thread allocation counter, after warm-up.
     */
    @Test
    void decodingPackedIpv4AllocatesNothingPerPrefix() throws Exception {
        StringBuilder nlri = new StringBuilder();
        int count = (4096 - 19 - 4 - 20) / 4;
        for (int i = 0; i < count; i++) {
            nlri.append(String.format("18%06x", 0x0a0000 + i));
        }
        String wire = UpdateBytes.body("", UpdateBytes.ORIGIN_IGP + UpdateBytes.AS_PATH_4 + UpdateBytes.NEXT_HOP, nlri.toString());
        ByteBuf body = buf(wire);
        assertThat(body.readableBytes() + CodecContext.HEADER_LENGTH).isLessThanOrEqualTo(4096).isGreaterThan(4090);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int rounds = 2_000;
        for (int i = 0; i < rounds; i++) {
            decodeOnce(body);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < rounds; i++) {
            decodeOnce(body);
        }
        long perDecode = (threads.getCurrentThreadAllocatedBytes() - before) / rounds;
        assertThat(perDecode / count).as("bytes allocated per prefix (%d per UPDATE of %d prefixes)", perDecode, count)
                .isLessThan(16);
    }

    private static void decodeOnce(ByteBuf body) throws BgpWireException {
        Decoded decoded = UpdateDecoder.decode(body.duplicate(), WireFixtures.FOUR);
        if (((Update) decoded.message()).nlri().size() < 1000) {
            throw new AssertionError("short decode");
        }
    }

    private static NlriList decode(String hex, Afi afi, boolean pathIds) throws MalformedException {
        ByteBuf in = buf(hex);
        return NlriCodec.decode(in, in.readerIndex(), in.writerIndex(), afi, pathIds);
    }

    private static String encode(NlriList list, boolean pathIds) {
        ByteBuf out = Unpooled.buffer();
        NlriCodec.encode(list, pathIds, out);
        assertThat(out.readableBytes()).isEqualTo(NlriCodec.length(list, pathIds));
        return hex(out);
    }
}

package io.flatnet.bgp.wire;

import static io.flatnet.bgp.wire.WireFixtures.FOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.attribute.UnknownAttribute;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class UpdatePackerTest {
    private static final List<PathAttribute> V4_ATTRIBUTES =
            List.of(Origin.IGP, AsPath.sequence(Asn.of(65001)), new NextHop(IpAddress.parse("192.0.2.1")));
    private static final int LIMIT = 4096 - 19;

    @Test
    void fillsEachUpdateBeforeStartingTheNext() {
        NlriList prefixes = v4(5000, 24);
        List<Update> updates = UpdatePacker.announce(V4_ATTRIBUTES, prefixes, FOUR);
        // 4 length octets + 20 attribute octets leave 4053 octets: 1013 /24s a message.
        assertThat(updates).hasSize(5);
        assertThat(updates).extracting(u -> u.nlri().size()).containsExactly(1013, 1013, 1013, 1013, 948);
        assertPacked(updates, FOUR, u -> u.nlri());
        assertThat(concat(updates, Update::nlri)).isEqualTo(prefixes.prefixes());
        assertThat(updates).allSatisfy(u -> assertThat(u.attributes()).isEqualTo(V4_ATTRIBUTES));
    }

    @Test
    void addPathIdsCountTowardsTheSize() {
        NlriList.Builder b = NlriList.builder(Afi.IPV4, true);
        for (int i = 0; i < 3000; i++) {
            b.add(i, IpPrefix.v4(0x0a000000 | (i << 8), 24));
        }
        List<Update> updates = UpdatePacker.announce(V4_ATTRIBUTES, b.build(), WireFixtures.ADD_PATH);
        assertThat(updates.get(0).nlri().size()).isEqualTo((LIMIT - 24) / 8);
        assertPacked(updates, WireFixtures.ADD_PATH, Update::nlri);
    }

    @Test
    void extendedMessagesTakeEverythingAtOnce() {
        CodecContext extended = new CodecContext(true, true, Set.of(), Set.of(), Set.of(), WireFixtures.BOTH, false);
        assertThat(UpdatePacker.announce(V4_ATTRIBUTES, v4(5000, 24), extended)).hasSize(1);
    }

    @Test
    void ipv6GoesIntoCopiesOfTheMpReachTemplate() {
        MpReachNlri template = new MpReachNlri(AddressFamily.IPV6_UNICAST, IpAddress.parse("2001:db8::1"),
                IpAddress.parse("fe80::1"), NlriList.empty(Afi.IPV6));
        List<PathAttribute> attributes = List.of(Origin.IGP, AsPath.sequence(Asn.of(65001)), template);
        NlriList prefixes = v6(2000, 64);
        List<Update> updates = UpdatePacker.announce(attributes, prefixes, FOUR);
        assertPacked(updates, FOUR, u -> u.mpReach().orElseThrow().nlri());
        assertThat(concat(updates, u -> u.mpReach().orElseThrow().nlri())).isEqualTo(prefixes.prefixes());
        MpReachNlri first = updates.get(0).mpReach().orElseThrow();
        assertThat(first.nextHop()).isEqualTo(template.nextHop());
        assertThat(first.linkLocalNextHop()).isEqualTo(template.linkLocalNextHop());
        assertThat(updates.get(0).nlri().isEmpty()).isTrue();
    }

    @Test
    void mpAttributeCrossingTheExtendedLengthThresholdIsCountedRight() {
        // The MP_REACH_NLRI header grows by one octet when its value passes 255: pack right at that edge.
        MpReachNlri template = new MpReachNlri(AddressFamily.IPV6_UNICAST, IpAddress.parse("2001:db8::1"), NlriList.empty(Afi.IPV6));
        for (int filler = 3700; filler < 3760; filler++) {
            List<PathAttribute> attributes = List.of(Origin.IGP, template,
                    new UnknownAttribute(0xc0, 99, Bytes.of(new byte[filler])));
            List<Update> updates = UpdatePacker.announce(attributes, v6(200, 64), FOUR);
            assertPacked(updates, FOUR, u -> u.mpReach().orElseThrow().nlri());
        }
    }

    @Test
    void encodedBodiesDecodeBackToThePackedUpdates() throws Exception {
        List<Update> updates = UpdatePacker.announce(V4_ATTRIBUTES, v4(2500, 24), FOUR);
        List<ByteBuf> bodies = UpdatePacker.encodeBodies(updates, FOUR, ByteBufAllocator.DEFAULT);
        try {
            for (int i = 0; i < updates.size(); i++) {
                assertThat(bodies.get(i).readableBytes()).isLessThanOrEqualTo(LIMIT);
                assertThat(UpdateDecoder.decode(bodies.get(i), FOUR).message()).isEqualTo(updates.get(i));
            }
        } finally {
            bodies.forEach(ByteBuf::release);
        }
    }

    @Test
    void misuseIsRefused() {
        assertThat(UpdatePacker.announce(V4_ATTRIBUTES, NlriList.empty(Afi.IPV4), FOUR)).isEmpty();
        assertThatThrownBy(() -> UpdatePacker.announce(V4_ATTRIBUTES, v6(1, 64), FOUR))
                .isInstanceOf(IllegalArgumentException.class);
        List<PathAttribute> huge = List.of(Origin.IGP, new UnknownAttribute(0xc0, 99, Bytes.of(new byte[4066])));
        assertThatThrownBy(() -> UpdatePacker.announce(huge, v4(1, 24), FOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no room");
    }

    /** Every update fits, and none could have taken the first prefix of the next one. */
    private static void assertPacked(List<Update> updates, CodecContext context, Function<Update, NlriList> field) {
        for (int i = 0; i < updates.size(); i++) {
            Update u = updates.get(i);
            int length = UpdateEncoder.bodyLength(u, context);
            assertThat(length).as("update %d", i).isLessThanOrEqualTo(LIMIT);
            if (i + 1 < updates.size()) {
                NlriList next = field.apply(updates.get(i + 1));
                int nextEntry = NlriCodec.entryLength(next.prefixLength(0), next.hasPathIds() || context.sendsPathIds(
                        AddressFamily.unicast(next.afi())));
                assertThat(length + nextEntry).as("update %d could not take one more", i).isGreaterThan(LIMIT);
            }
        }
    }

    private static List<IpPrefix> concat(List<Update> updates, Function<Update, NlriList> field) {
        List<IpPrefix> all = new ArrayList<>();
        updates.forEach(u -> all.addAll(field.apply(u).prefixes()));
        return all;
    }

    private static NlriList v4(int count, int length) {
        NlriList.Builder b = NlriList.builder(Afi.IPV4, false, count);
        for (int i = 0; i < count; i++) {
            b.add(IpPrefix.v4(0x0a000000 | (i << 8), length));
        }
        return b.build();
    }

    private static NlriList v6(int count, int length) {
        NlriList.Builder b = NlriList.builder(Afi.IPV6, false, count);
        for (int i = 0; i < count; i++) {
            b.add(IpPrefix.v6(0x20010db8_00000000L | i, 0, length));
        }
        return b.build();
    }
}

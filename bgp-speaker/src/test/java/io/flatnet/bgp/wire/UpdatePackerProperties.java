package io.flatnet.bgp.wire;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link UpdatePacker} against the encoder's own sizes: the packed updates hold the prefixes in
 * order, each fits the session's limit, and none could have taken the next update's first prefix
 * (checked by building that bigger update and asking {@link UpdateEncoder#bodyLength}). Attribute
 * sizes sweep the whole range, the MP header's 255-octet step included.
 */
class UpdatePackerProperties {
    private static final int LIMIT = CodecContext.MAX_MESSAGE_LENGTH - CodecContext.HEADER_LENGTH;

    @Property(tries = 1500)
    void packsGreedilyWithinTheLimit(@ForAll("afis") Afi afi, @ForAll boolean addPath, @ForAll("fillers") int filler, @ForAll("lengths") List<Integer> lengths) {
        CodecContext context = addPath ? WireFixtures.ADD_PATH : WireFixtures.FOUR;
        NlriList.Builder builder = NlriList.builder(afi, addPath);
        for (int i = 0; i < lengths.size(); i++) {
            builder.add(i, new IpPrefix(afi, 0x2001_0db8_0000_0000L + 977L * i, 0x0a00_0000L + (31L << 8) * i,
                    lengths.get(i) % (afi.maxPrefixLength() + 1)));
        }
        NlriList prefixes = builder.build();
        Function<NlriList, Update> chunk = announcement(afi, filler);
        if (UpdateEncoder.bodyLength(chunk.apply(NlriList.empty(afi)), context) > LIMIT) {
            return; // not even the attributes fit a message: nothing to pack
        }

        List<Update> updates;
        try {
            updates = UpdatePacker.announce(chunk.apply(NlriList.empty(afi)).attributes(), prefixes, context);
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageContaining("no room");
            int longest = 0;
            for (int i = 1; i < prefixes.size(); i++) {
                longest = prefixes.prefixLength(i) > prefixes.prefixLength(longest) ? i : longest;
            }
            assertThat(UpdateEncoder.bodyLength(chunk.apply(prefixes.slice(longest, longest + 1)), context))
                    .as("refused although every prefix fits alone").isGreaterThan(LIMIT);
            return;
        }

        int start = 0;
        for (int k = 0; k < updates.size(); k++) {
            Update update = updates.get(k);
            NlriList carried = afi == Afi.IPV4 ? update.nlri() : update.mpReach().orElseThrow().nlri();
            assertThat(carried).isEqualTo(prefixes.slice(start, start + carried.size()));
            assertThat(UpdateEncoder.bodyLength(update, context)).as("update %d fits", k).isLessThanOrEqualTo(LIMIT);
            start += carried.size();
            if (k + 1 < updates.size()) {
                Update bigger = chunk.apply(prefixes.slice(start - carried.size(), start + 1));
                assertThat(UpdateEncoder.bodyLength(bigger, context)).as("update %d could not take one more", k)
                        .isGreaterThan(LIMIT);
            }
        }
        assertThat(start).as("every prefix packed").isEqualTo(prefixes.size());
    }

    private static Function<NlriList, Update> announcement(Afi afi, int filler) {
        NlriList empty = NlriList.empty(Afi.IPV4);
        List<PathAttribute> common = List.of(Origin.IGP, AsPath.sequence(Asn.of(65001)),
                new UnknownAttribute(0xc0, 99, Bytes.of(new byte[filler])));
        if (afi == Afi.IPV4) {
            return slice -> {
                List<PathAttribute> attributes = new ArrayList<>(common);
                attributes.add(new NextHop(IpAddress.parse("192.0.2.1")));
                return new Update(empty, attributes, slice);
            };
        }
        return slice -> {
            List<PathAttribute> attributes = new ArrayList<>(common);
            attributes.add(new MpReachNlri(AddressFamily.IPV6_UNICAST, IpAddress.parse("2001:db8::1"), slice));
            return new Update(empty, attributes, empty);
        };
    }

    @Provide
    Arbitrary<Afi> afis() {
        return Arbitraries.of(Afi.values());
    }

    /** Octets of a filler attribute: any, and often so many that only a prefix or two still fit. */
    @Provide
    Arbitrary<Integer> fillers() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 4100), Arbitraries.integers().between(3980, 4060));
    }

    /** Lengths of prefixes: few or enough for several messages, all one length or mixed. */
    @Provide
    Arbitrary<List<Integer>> lengths() {
        Arbitrary<Integer> length = Arbitraries.integers().between(0, 128);
        Arbitrary<List<Integer>> mixed = length.list().ofMaxSize(1500);
        Arbitrary<List<Integer>> uniform = Arbitraries.integers().between(0, 2500)
                .flatMap(n -> length.map(l -> Collections.nCopies(n, l)));
        return Arbitraries.oneOf(mixed, uniform);
    }
}

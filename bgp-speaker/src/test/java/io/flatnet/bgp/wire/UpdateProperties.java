package io.flatnet.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.ExtendedCommunity;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.LargeCommunity;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.wire.attribute.Aggregator;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.AsPathSegment;
import io.flatnet.bgp.wire.attribute.AtomicAggregate;
import io.flatnet.bgp.wire.attribute.ClusterList;
import io.flatnet.bgp.wire.attribute.Communities;
import io.flatnet.bgp.wire.attribute.ExtendedCommunities;
import io.flatnet.bgp.wire.attribute.LargeCommunities;
import io.flatnet.bgp.wire.attribute.LocalPref;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.MpUnreachNlri;
import io.flatnet.bgp.wire.attribute.MultiExitDisc;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.attribute.OriginatorId;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.attribute.UnknownAttribute;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * decode(encode(u)) == u over generated updates, and: whatever bytes arrive, the decoder returns
 * or throws {@link BgpWireException}, nothing else.
 */
class UpdateProperties {
    private static final int BODY_LIMIT = CodecContext.MAX_MESSAGE_LENGTH - CodecContext.HEADER_LENGTH;
    private static final Set<AddressFamily> BOTH = WireFixtures.BOTH;
    /** Type codes without a codec: generated unknown attributes must not collide with known ones. */
    private static final List<Integer> UNKNOWN_CODES = IntStream.rangeClosed(0, 255)
            .filter(c -> AttributeCodecs.forCode(c) == null).boxed().toList();

    record Sample(CodecContext context, Update update) {}

    record Mutation(int kind, int position, byte value) {}

    @Property(tries = 2000)
    void decodeOfEncodeIsIdentity(@ForAll("updates") Sample sample) throws Exception {
        ByteBuf body = Unpooled.buffer();
        UpdateEncoder.encodeBody(sample.update(), sample.context(), body);
        byte[] wire = new byte[body.readableBytes()];
        body.getBytes(body.readerIndex(), wire);

        Decoded decoded = UpdateDecoder.decode(body, sample.context());
        assertThat(decoded.errors()).isEmpty();
        assertThat(decoded.message()).isEqualTo(sample.update());

        ByteBuf again = Unpooled.buffer();
        UpdateEncoder.encodeBody((Update) decoded.message(), sample.context(), again);
        assertThat(toArray(again)).as("canonical bytes").isEqualTo(wire);
    }

    @Property(tries = 10_000)
    void randomBytesDecodeOrThrowBgpWireException(@ForAll("randomBodies") byte[] bytes, @ForAll("contexts") CodecContext context) {
        survives(bytes, context);
    }

    @Property(tries = 10_000)
    void mutatedUpdatesDecodeOrThrowBgpWireException(@ForAll("updates") Sample sample, @ForAll("mutations") List<Mutation> mutations) {
        survives(mutated(sample, mutations), sample.context());
    }

    /**
     * Sessions decode slices of pooled direct buffers, most tests heap arrays: the same octets
     * must give the same update and errors, or the same session reset, from either.
     */
    @Property(tries = 3000)
    void aDirectSliceDecodesAsAHeapArrayDoes(@ForAll("updates") Sample sample, @ForAll("mutations") List<Mutation> mutations,
            @ForAll boolean mutate) {
        byte[] wire = mutate ? mutated(sample, mutations) : toArray(encode(sample));
        ByteBuf direct = Unpooled.directBuffer(wire.length + 8).writeInt(-1).writeBytes(wire).writeInt(-1);
        try {
            ByteBuf slice = direct.slice(4, wire.length);
            Object fromDirect = outcome(slice, sample.context());
            assertThat(fromDirect).isEqualTo(outcome(Unpooled.wrappedBuffer(wire), sample.context()));
            if (fromDirect instanceof Decoded) {
                assertThat(slice.isReadable()).as("read to its end").isFalse();
            }
        } finally {
            direct.release();
        }
    }

    /** The decoded update with its errors, or the session reset. */
    private static Object outcome(ByteBuf body, CodecContext context) {
        try {
            return UpdateDecoder.decode(body, context);
        } catch (BgpWireException e) {
            return e.error();
        }
    }

    private static ByteBuf encode(Sample sample) {
        ByteBuf body = Unpooled.buffer();
        UpdateEncoder.encodeBody(sample.update(), sample.context(), body);
        return body;
    }

    private static byte[] mutated(Sample sample, List<Mutation> mutations) {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : toArray(encode(sample))) {
            bytes.add(b);
        }
        for (Mutation m : mutations) {
            if (bytes.isEmpty()) {
                break;
            }
            int at = m.position() % bytes.size();
            switch (m.kind()) {
                case 0 -> bytes.set(at, m.value());
                case 1 -> bytes.set(at, (byte) (bytes.get(at) ^ (1 << (m.value() & 7))));
                case 2 -> bytes.add(at, m.value());
                case 3 -> bytes.remove(at);
                default -> bytes.subList(at, bytes.size()).clear();
            }
        }
        byte[] mutated = new byte[bytes.size()];
        for (int i = 0; i < mutated.length; i++) {
            mutated[i] = bytes.get(i);
        }
        return mutated;
    }

    /** Decodes; a returned update must re-encode, and a throw must be a session reset. */
    private static void survives(byte[] bytes, CodecContext context) {
        Decoded decoded;
        try {
            decoded = UpdateDecoder.decode(Unpooled.wrappedBuffer(bytes), context);
        } catch (BgpWireException e) {
            assertThat(e.error().action()).isEqualTo(ErrorAction.SESSION_RESET);
            return;
        }
        assertThat(decoded.errors()).allSatisfy(e -> assertThat(e.action()).isNotEqualTo(ErrorAction.SESSION_RESET));
        Update update = (Update) decoded.message();
        if (UpdateEncoder.bodyLength(update, context) <= BODY_LIMIT) {
            ByteBuf again = Unpooled.buffer();
            UpdateEncoder.encodeBody(update, context, again);
            try {
                UpdateDecoder.decode(again, context);
            } catch (BgpWireException e) {
                assertThat(e.error().action()).isEqualTo(ErrorAction.SESSION_RESET);
            }
        }
    }

    private static byte[] toArray(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), out);
        return out;
    }

    // ---- generators -------------------------------------------------------------------------

    @Provide
    Arbitrary<CodecContext> contexts() {
        return Arbitraries.of(allContexts());
    }

    /** Every combination of 2/4-octet AS, add-path, iBGP and extended next hop. */
    private static List<CodecContext> allContexts() {
        List<CodecContext> all = new ArrayList<>();
        for (int bits = 0; bits < 16; bits++) {
            boolean addPath = (bits & 2) != 0;
            all.add(new CodecContext((bits & 1) != 0, false, addPath ? BOTH : Set.of(), addPath ? BOTH : Set.of(),
                    (bits & 8) != 0 ? Set.of(AddressFamily.IPV4_UNICAST) : Set.of(), BOTH, (bits & 4) != 0));
        }
        return all;
    }

    /**
     * One fixed arbitrary per context, built once: generating through {@code flatMap} would build
     * new arbitraries on every try, which makes 10,000 tries take minutes.
     */
    @Provide
    Arbitrary<Sample> updates() {
        List<Arbitrary<Sample>> perContext = new ArrayList<>();
        for (CodecContext context : allContexts()) {
            perContext.add(update(context).map(u -> new Sample(context, u)));
        }
        return Arbitraries.oneOf(perContext)
                .filter(s -> UpdateEncoder.bodyLength(s.update(), s.context()) <= BODY_LIMIT)
                .filter(UpdateProperties::as4MergeCanRestore);
    }

    @Provide
    Arbitrary<byte[]> randomBodies() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        // Consistent outer lengths, random attributes and NLRI: reaches past the first length checks.
        Arbitrary<byte[]> framed = Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(400),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(60)).as(UpdateProperties::frame);
        return Arbitraries.oneOf(raw, framed);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> one = Combinators.combine(
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 1 << 20),
                Arbitraries.bytes()).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    private static byte[] frame(byte[] withdrawn, byte[] attributes, byte[] nlri) {
        ByteBuf out = Unpooled.buffer();
        out.writeShort(withdrawn.length).writeBytes(withdrawn).writeShort(attributes.length).writeBytes(attributes).writeBytes(nlri);
        return toArray(out);
    }

    private Arbitrary<Update> update(CodecContext context) {
        NlriList noneV4 = NlriList.empty(Afi.IPV4);
        Arbitrary<Update> announceV4 = Combinators.combine(nlri(context, Afi.IPV4, 0, 20),
                attributes(context, null, true), nlri(context, Afi.IPV4, 1, 40)).as(Update::new);
        Arbitrary<Update> announceV6 = Combinators.combine(nlri(context, Afi.IPV4, 0, 10),
                        attributes(context, mpReach(context, AddressFamily.IPV6_UNICAST), false))
                .as((withdrawn, attributes) -> new Update(withdrawn, attributes, noneV4));
        Arbitrary<Update> withdrawV6 = Combinators.combine(nlri(context, Afi.IPV4, 0, 10), nlri(context, Afi.IPV6, 1, 30))
                .as((withdrawn, v6) -> new Update(withdrawn, List.of(new MpUnreachNlri(AddressFamily.IPV6_UNICAST, v6)), noneV4));
        Arbitrary<Update> withdrawV4 = nlri(context, Afi.IPV4, 1, 40).map(w -> new Update(w, List.of(), noneV4));
        Arbitrary<Update> endOfRib = Arbitraries.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST).map(Update::endOfRib);
        Arbitrary<PathAttribute> unreach = nlri(context, Afi.IPV6, 1, 10).map(v6 -> new MpUnreachNlri(AddressFamily.IPV6_UNICAST, v6));
        Arbitrary<Update> mixed = Combinators.combine(attributes(context, unreach, true), nlri(context, Afi.IPV4, 1, 10))
                .as((attributes, v4) -> new Update(noneV4, attributes, v4));
        List<Arbitrary<Update>> kinds = new ArrayList<>(List.of(announceV4, announceV6, withdrawV6, withdrawV4, endOfRib, mixed));
        if (!context.extendedNextHop().isEmpty()) {
            kinds.add(attributes(context, mpReach(context, AddressFamily.IPV4_UNICAST), false)
                    .map(attributes -> new Update(noneV4, attributes, noneV4)));
        }
        return Arbitraries.oneOf(kinds);
    }

    /** The path attributes of an announcement, the MP attribute (if any) first and the rest by type code. */
    private Arbitrary<List<PathAttribute>> attributes(CodecContext context, Arbitrary<? extends PathAttribute> mp, boolean nextHop) {
        boolean ibgp = context.internalPeer();
        List<Arbitrary<PathAttribute>> parts = new ArrayList<>();
        parts.add(Arbitraries.of(Origin.IGP, Origin.EGP, Origin.INCOMPLETE));
        parts.add(asPath(context).map(p -> p));
        if (nextHop) {
            parts.add(Arbitraries.longs().between(0x0100_0000L, 0xDFFF_FFFFL).map(bits -> new NextHop(IpAddress.v4((int) (long) bits))));
        }
        parts.add(u32().map(v -> (PathAttribute) new MultiExitDisc(v)).injectNull(0.5));
        if (ibgp) {
            parts.add(u32().map(v -> (PathAttribute) new LocalPref(v)).injectNull(0.3));
            parts.add(Arbitraries.integers().map(v -> (PathAttribute) new OriginatorId(RouterId.of(v))).injectNull(0.5));
            parts.add(Arbitraries.integers().map(RouterId::of).list().ofMinSize(1).ofMaxSize(4)
                    .map(ids -> (PathAttribute) new ClusterList(ids)).injectNull(0.5));
        }
        parts.add(Arbitraries.just((PathAttribute) AtomicAggregate.INSTANCE).injectNull(0.7));
        parts.add(Combinators.combine(asn(), Arbitraries.integers())
                .as((asn, address) -> (PathAttribute) new Aggregator(asn, IpAddress.v4(address))).injectNull(0.6));
        parts.add(Arbitraries.integers().map(Community::new).list().ofMinSize(1).ofMaxSize(10)
                .map(c -> (PathAttribute) new Communities(c)).injectNull(0.5));
        parts.add(Arbitraries.longs().map(ExtendedCommunity::new).list().ofMinSize(1).ofMaxSize(5)
                .map(c -> (PathAttribute) new ExtendedCommunities(c)).injectNull(0.6));
        parts.add(Combinators.combine(u32(), u32(), u32()).as(LargeCommunity::new).list().ofMinSize(1).ofMaxSize(5)
                .map(c -> (PathAttribute) new LargeCommunities(c)).injectNull(0.6));
        Arbitrary<List<UnknownAttribute>> unknown = Combinators.combine(
                        Arbitraries.of(0x80, 0xa0, 0xc0, 0xe0), Arbitraries.of(UNKNOWN_CODES),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
                .as((flags, code, value) -> new UnknownAttribute(flags, code, Bytes.of(value)))
                .list().ofMaxSize(3).uniqueElements(UnknownAttribute::typeCode);
        Arbitrary<? extends PathAttribute> first = mp != null ? mp : Arbitraries.just((PathAttribute) null);
        return Combinators.combine(first, Combinators.combine(parts).as(list -> list), unknown).as((m, known, extra) -> {
            List<PathAttribute> all = new ArrayList<>();
            known.stream().filter(Objects::nonNull).forEach(all::add);
            all.addAll(extra);
            all.sort(Comparator.comparingInt(PathAttribute::typeCode));
            if (m != null) {
                all.add(0, m); // MP attributes go first (RFC 7606 §5.1)
            }
            return all;
        });
    }

    /**
     * Leading confederation segments (the only place they can survive a 2-octet session, where
     * AS4_PATH cannot carry them and their ASNs must fit 2 octets), then ordinary segments.
     */
    private Arbitrary<AsPath> asPath(CodecContext context) {
        Arbitrary<Asn> confedAsn = context.fourOctetAs() ? asn() : Arbitraries.longs().between(1, 65535).map(Asn::of);
        Arbitrary<AsPathSegment> confed = Combinators.combine(
                Arbitraries.of(AsPathSegment.Type.AS_CONFED_SEQUENCE, AsPathSegment.Type.AS_CONFED_SET),
                confedAsn.list().ofMinSize(1).ofMaxSize(4)).as(AsPathSegment::new);
        Arbitrary<AsPathSegment> plain = Combinators.combine(
                Arbitraries.of(AsPathSegment.Type.AS_SEQUENCE, AsPathSegment.Type.AS_SET),
                asn().list().ofMinSize(1).ofMaxSize(8)).as(AsPathSegment::new);
        return Combinators.combine(confed.list().ofMaxSize(1), plain.list().ofMaxSize(3)).as((lead, rest) -> {
            List<AsPathSegment> all = new ArrayList<>(lead);
            all.addAll(rest);
            return new AsPath(all);
        });
    }

    /**
     * RFC 6793 §4.2.3 ignores AS4_PATH when AGGREGATOR names a 2-octet AS other than AS_TRANS
     * (that aggregator must be an OLD speaker), so such an update cannot come back the same on a
     * 2-octet session. The rule is the RFC's; the generator steers round it.
     */
    private static boolean as4MergeCanRestore(Sample s) {
        if (s.context().fourOctetAs()) {
            return true;
        }
        Aggregator aggregator = s.update().attribute(Aggregator.class).orElse(null);
        AsPath path = s.update().attribute(AsPath.class).orElse(null);
        return aggregator == null || path == null || aggregator.asn().needsFourOctets()
                || aggregator.asn().equals(Asn.AS_TRANS) || !As4Paths.needsAs4Path(path);
    }

    private Arbitrary<MpReachNlri> mpReach(CodecContext context, AddressFamily family) {
        Arbitrary<IpAddress> global = Combinators.combine(Arbitraries.integers(), Arbitraries.longs())
                .as((high, low) -> IpAddress.v6(0x2001_0db8_0000_0000L | Integer.toUnsignedLong(high), low));
        Arbitrary<IpAddress> linkLocal = Arbitraries.longs().map(low -> IpAddress.v6(0xfe80_0000_0000_0000L, low));
        Arbitrary<IpAddress> nextHop = family.equals(AddressFamily.IPV6_UNICAST) ? global
                : Arbitraries.oneOf(global, Arbitraries.longs().between(0x0100_0000L, 0xDFFF_FFFFL).map(b -> IpAddress.v4((int) (long) b)));
        return Combinators.combine(nextHop, linkLocal.injectNull(0.5), nlri(context, family.knownAfi(), 1, 30))
                .as((nh, ll, nlri) -> new MpReachNlri(family, nh, nh.isV4() ? null : ll, nlri));
    }

    private Arbitrary<NlriList> nlri(CodecContext context, Afi afi, int min, int max) {
        boolean pathIds = context.receivesPathIds(AddressFamily.unicast(afi));
        Arbitrary<IpPrefix> prefix = afi == Afi.IPV4
                ? Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32)).as(IpPrefix::v4)
                : Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers().between(0, 128))
                        .as(IpPrefix::v6);
        Arbitrary<Long> pathId = pathIds ? u32() : Arbitraries.just(0L);
        return Combinators.combine(pathId, prefix).as((id, p) -> new Object[] {id, p}).list().ofMinSize(min).ofMaxSize(max)
                .map(entries -> {
                    NlriList.Builder b = NlriList.builder(afi, pathIds);
                    for (Object[] e : entries) {
                        b.add((Long) e[0], (IpPrefix) e[1]);
                    }
                    return b.build();
                });
    }

    /** AS numbers other than 0, half of them needing four octets. */
    private static Arbitrary<Asn> asn() {
        return Arbitraries.oneOf(Arbitraries.longs().between(1, 65535), Arbitraries.longs().between(65536, 0xFFFF_FFFFL))
                .map(Asn::of);
    }

    private static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    }
}

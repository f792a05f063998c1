package io.flatnet.bgp.bench;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.CodecContext;
import io.flatnet.bgp.wire.Decoded;
import io.flatnet.bgp.wire.MessageDecoder;
import io.flatnet.bgp.wire.MessageEncoder;
import io.flatnet.bgp.wire.UpdatePacker;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The UPDATE stream of a full-table load as {@code /work/shared/bench/run table} sends it, decoded
 * and encoded the way a session does (not a test, and not JMH: one JVM, wall-clock passes, run by
 * hand with the flags of {@code integration/bench/start-dut}, which stop at C1).
 *
 * <p>The stream: {@code prefixes} IPv4 /24s from 10.0.0.0, 250 to an UPDATE, each UPDATE with its
 * own AS_PATH, as the bench feeder packs them. Decode reads it as {@code Peer} does: every message
 * a retained slice of one direct buffer from the default allocator (as the frame decoder cuts
 * them from its cumulation), through {@link MessageDecoder}. Encode writes it as an update group
 * does: {@link MessageEncoder} into a buffer from the default allocator, several UPDATEs a buffer;
 * and again with each UPDATE's prefixes packed by {@link UpdatePacker} first (pack+encode).
 *
 * <pre>
 * java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx1g \
 *     -cp bgp-speaker/target/classes:bgp-speaker/target/test-classes:$(cat bgp-speaker/target/bench.classpath) \
 *     io.flatnet.bgp.bench.UpdateStreamHarness [prefixes=1000000] [warmupPasses=10] [passes=5]
 * </pre>
 *
 * Prints nanoseconds per prefix for each measured pass and their median, for each of the three.
 */
public final class UpdateStreamHarness {
    private static final int PER_UPDATE = 250;
    private static final int UPDATES_PER_BUFFER = 16;

    private UpdateStreamHarness() {}

    public static void main(String[] args) throws BgpWireException {
        int prefixes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        CodecContext context = CodecContext.INITIAL.withFourOctetAs(true);
        List<Update> updates = updates(prefixes);
        ByteBuf stream = encodeStream(updates, context);
        System.out.printf("%d /24 prefixes in %d UPDATEs, %d octets; %s%n", prefixes, updates.size(),
                stream.readableBytes(), System.getProperty("java.vm.info"));
        checkRoundTrip(stream, updates, context);

        for (int i = 0; i < warmup; i++) {
            decodePass(stream, context);
            encodePass(updates, context, false);
            encodePass(updates, context, true);
        }
        long[] decode = new long[passes];
        long[] encode = new long[passes];
        long[] packAndEncode = new long[passes];
        for (int i = 0; i < passes; i++) {
            decode[i] = decodePass(stream, context);
            encode[i] = encodePass(updates, context, false);
            packAndEncode[i] = encodePass(updates, context, true);
        }
        report("decode", decode, prefixes);
        report("encode", encode, prefixes);
        report("pack+encode", packAndEncode, prefixes);
        stream.release();
    }

    private static List<Update> updates(int prefixes) {
        NlriList empty = NlriList.empty(Afi.IPV4);
        NextHop nextHop = new NextHop(IpAddress.parse("100.64.0.3"));
        int base = IpAddress.parse("10.0.0.0").v4Bits();
        List<Update> updates = new ArrayList<>(prefixes / PER_UPDATE + 1);
        for (int from = 0, group = 0; from < prefixes; from += PER_UPDATE, group++) {
            NlriList.Builder nlri = NlriList.builder(Afi.IPV4, false, PER_UPDATE);
            for (int i = from; i < Math.min(prefixes, from + PER_UPDATE); i++) {
                nlri.addV4(0, base + (i << 8), 24);
            }
            List<PathAttribute> attributes = List.of(Origin.IGP,
                    AsPath.sequence(Asn.of(65001), Asn.of(1000 + group % 4000)), nextHop);
            updates.add(new Update(empty, attributes, nlri.build()));
        }
        return updates;
    }

    private static ByteBuf encodeStream(List<Update> updates, CodecContext context) {
        ByteBuf stream = ByteBufAllocator.DEFAULT.directBuffer(updates.size() * 1100);
        for (Update u : updates) {
            MessageEncoder.encode(u, context, stream);
        }
        return stream;
    }

    private static void checkRoundTrip(ByteBuf stream, List<Update> updates, CodecContext context) throws BgpWireException {
        ByteBuf in = stream.duplicate();
        for (Update expected : updates) {
            ByteBuf frame = in.readRetainedSlice(in.getUnsignedShort(in.readerIndex() + 16));
            try {
                Decoded decoded = MessageDecoder.decode(frame, context);
                if (!decoded.errors().isEmpty() || !decoded.message().equals(expected)) {
                    throw new IllegalStateException("decode(encode(u)) != u: " + decoded.errors());
                }
            } finally {
                frame.release();
            }
        }
    }

    /** Nanoseconds to decode the whole stream, one retained slice per message as the frame decoder cuts them. */
    private static long decodePass(ByteBuf stream, CodecContext context) throws BgpWireException {
        ByteBuf in = stream.duplicate();
        long count = 0;
        long start = System.nanoTime();
        while (in.isReadable()) {
            ByteBuf frame = in.readRetainedSlice(in.getUnsignedShort(in.readerIndex() + 16));
            try {
                count += ((Update) MessageDecoder.decode(frame, context).message()).nlri().size();
            } finally {
                frame.release();
            }
        }
        long elapsed = System.nanoTime() - start;
        if (count == 0) {
            throw new AssertionError("nothing decoded");
        }
        return elapsed;
    }

    /**
     * Nanoseconds to encode every UPDATE, header included, a few to a buffer; with {@code pack},
     * each UPDATE's prefixes first go through {@link UpdatePacker}, as an update group hands it
     * one attribute set's prefixes at a time.
     */
    private static long encodePass(List<Update> updates, CodecContext context, boolean pack) {
        long octets = 0;
        long start = System.nanoTime();
        for (int from = 0; from < updates.size(); from += UPDATES_PER_BUFFER) {
            ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
            try {
                for (int i = from; i < Math.min(updates.size(), from + UPDATES_PER_BUFFER); i++) {
                    Update update = updates.get(i);
                    List<Update> packed = pack ? UpdatePacker.announce(update.attributes(), update.nlri(), context) : List.of(update);
                    for (Update u : packed) {
                        MessageEncoder.encode(u, context, out);
                    }
                }
                octets += out.readableBytes();
            } finally {
                out.release();
            }
        }
        long elapsed = System.nanoTime() - start;
        if (octets == 0) {
            throw new AssertionError("nothing encoded");
        }
        return elapsed;
    }

    private static void report(String what, long[] nanos, int prefixes) {
        double[] perPrefix = Arrays.stream(nanos).mapToDouble(n -> (double) n / prefixes).sorted().toArray();
        StringBuilder passes = new StringBuilder();
        for (long n : nanos) {
            passes.append(String.format(" %.1f", (double) n / prefixes));
        }
        System.out.printf("%s: median %.1f ns/prefix (passes:%s)%n", what, perPrefix[perPrefix.length / 2], passes);
    }
}

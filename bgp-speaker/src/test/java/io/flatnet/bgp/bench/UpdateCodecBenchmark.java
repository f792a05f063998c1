package io.flatnet.bgp.bench;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.CodecContext;
import io.flatnet.bgp.wire.Decoded;
import io.flatnet.bgp.wire.UpdateDecoder;
import io.flatnet.bgp.wire.UpdateEncoder;
import io.flatnet.bgp.wire.UpdatePacker;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decode and encode of a batch of UPDATEs packed to 4096 octets with IPv4 NLRI of one length,
 * the shape a full-table transfer has: {@value #PREFIXES} prefixes, packed by {@link UpdatePacker}
 * as the speaker packs them. {@code @OperationsPerInvocation} makes every score prefixes per
 * second on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class UpdateCodecBenchmark {
    static final int PREFIXES = 10_000;

    @Param({"24", "26"})
    int prefixLength;

    private final CodecContext context = CodecContext.INITIAL.withFourOctetAs(true);
    private List<Update> updates;
    private List<ByteBuf> encodedBodies;
    private ByteBuf scratch;

    @Setup
    public void setUp() throws BgpWireException {
        NlriList.Builder nlri = NlriList.builder(Afi.IPV4, false, PREFIXES);
        int step = 1 << (32 - prefixLength);
        int base = IpAddress.parse("100.64.0.0").v4Bits();
        for (int i = 0; i < PREFIXES; i++) {
            nlri.add(IpPrefix.v4(base + i * step, prefixLength));
        }
        List<PathAttribute> attributes = List.of(
                Origin.IGP,
                AsPath.sequence(Asn.of(65001), Asn.of(4200000001L)),
                new NextHop(IpAddress.parse("100.64.255.1")));
        updates = UpdatePacker.announce(attributes, nlri.build(), context);
        encodedBodies = UpdatePacker.encodeBodies(updates, context, UnpooledByteBufAllocator.DEFAULT);
        scratch = Unpooled.directBuffer(CodecContext.MAX_MESSAGE_LENGTH);
        int decoded = 0;
        for (int i = 0; i < updates.size(); i++) {
            Decoded check = UpdateDecoder.decode(encodedBodies.get(i).duplicate(), context);
            if (!check.message().equals(updates.get(i))) {
                throw new IllegalStateException("decode(encode(u)) != u");
            }
            decoded += ((Update) check.message()).nlri().size();
        }
        if (decoded != PREFIXES) {
            throw new IllegalStateException("packed " + decoded + " prefixes, expected " + PREFIXES);
        }
        System.out.printf("%n%d /%d prefixes in %d UPDATEs%n", PREFIXES, prefixLength, updates.size());
    }

    @Benchmark
    @OperationsPerInvocation(PREFIXES)
    public void decode(Blackhole sink) throws BgpWireException {
        for (ByteBuf body : encodedBodies) {
            sink.consume(UpdateDecoder.decode(body.duplicate(), context));
        }
    }

    @Benchmark
    @OperationsPerInvocation(PREFIXES)
    public void encode(Blackhole sink) {
        for (Update update : updates) {
            scratch.clear();
            UpdateEncoder.encodeBody(update, context, scratch);
            sink.consume(scratch.writerIndex());
        }
    }
}

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
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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

/**
 * Decode and encode of one UPDATE packed to 4096 octets with IPv4 NLRI of one length, the shape
 * a full-table transfer has. Scores are in operations (messages) per second; multiply by
 * {@link #prefixesPerMessage} — printed at setup — for prefixes per second. JMH's
 * {@code @OperationsPerInvocation} is set so that the reported score is already per prefix.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class UpdateCodecBenchmark {
    /** NLRI per message for a 4096-octet UPDATE with these attributes (4 octets per /24 or /26). */
    static final int PREFIXES_PER_MESSAGE = 1000;

    @Param({"24", "26"})
    int prefixLength;

    private final CodecContext context = CodecContext.INITIAL.withFourOctetAs(true);
    private Update update;
    private ByteBuf encodedBody;
    private ByteBuf scratch;
    int prefixesPerMessage;

    @Setup
    public void setUp() throws BgpWireException {
        NlriList.Builder nlri = NlriList.builder(Afi.IPV4, false, PREFIXES_PER_MESSAGE);
        int step = 1 << (32 - prefixLength);
        int base = IpAddress.parse("100.64.0.0").v4Bits();
        for (int i = 0; i < PREFIXES_PER_MESSAGE; i++) {
            nlri.add(IpPrefix.v4(base + i * step, prefixLength));
        }
        List<PathAttribute> attributes = List.of(
                Origin.IGP,
                AsPath.sequence(Asn.of(65001), Asn.of(4200000001L)),
                new NextHop(IpAddress.parse("100.64.255.1")));
        update = new Update(NlriList.empty(Afi.IPV4), attributes, nlri.build());
        encodedBody = Unpooled.directBuffer(8192);
        UpdateEncoder.encodeBody(update, context, encodedBody);
        if (encodedBody.readableBytes() + CodecContext.HEADER_LENGTH > CodecContext.MAX_MESSAGE_LENGTH) {
            throw new IllegalStateException("benchmark message exceeds 4096 octets: " + encodedBody.readableBytes());
        }
        scratch = Unpooled.directBuffer(8192);
        prefixesPerMessage = update.nlri().size();
        Decoded check = UpdateDecoder.decode(encodedBody.duplicate(), context);
        if (!check.message().equals(update)) {
            throw new IllegalStateException("decode(encode(u)) != u");
        }
    }

    @Benchmark
    @OperationsPerInvocation(PREFIXES_PER_MESSAGE)
    public Decoded decode() throws BgpWireException {
        return UpdateDecoder.decode(encodedBody.duplicate(), context);
    }

    @Benchmark
    @OperationsPerInvocation(PREFIXES_PER_MESSAGE)
    public int encode() {
        scratch.clear();
        UpdateEncoder.encodeBody(update, context, scratch);
        return scratch.writerIndex();
    }
}

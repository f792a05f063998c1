package io.flatnet.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.flatnet.bgp.model.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Runs the malformed corpus (see README.md in its directory) through both decoding paths. */
class MalformedCorpusTest {
    /** Never fewer cases than this: a corpus that shrinks or goes missing must fail the build. */
    static final int MIN_CASES = 40;

    private static final String DIRECTORY = "/io/flatnet/bgp/wire/malformed";

    @Test
    void theCorpusIsThereAndHoldsOnlyCases() throws Exception {
        List<Path> files;
        try (Stream<Path> all = Files.list(directory())) {
            files = all.toList();
        }
        assertThat(files).allSatisfy(f -> assertThat(f.getFileName().toString())
                .matches("README\\.md|\\d{3}-[a-z0-9-]+\\.case"));
        assertThat(caseFiles()).hasSizeGreaterThanOrEqualTo(MIN_CASES);
    }

    @TestFactory
    Stream<DynamicTest> everyCase() throws Exception {
        return caseFiles().stream().map(file -> dynamicTest(file.getFileName().toString(), () -> run(MalformedCase.parse(file))));
    }

    private static void run(MalformedCase c) {
        Outcome direct = decodeDirectly(c);
        Outcome framed = decodeThroughFrameDecoder(c);
        assertThat(framed).as("frame decoder path agrees with MessageDecoder").isEqualTo(direct);

        assertThat(direct.action()).as("action").isEqualTo(c.action());
        if (c.action() == ErrorAction.SESSION_RESET) {
            assertThat(direct.thrown()).as("a session reset is thrown, not returned").isTrue();
        }
        if (c.code() != null) {
            assertThat(direct.code()).as("NOTIFICATION code").isEqualTo(c.code());
        }
        if (c.data() != null) {
            assertThat(direct.data()).as("NOTIFICATION data").isEqualTo(c.data());
        }
    }

    private static Outcome decodeDirectly(MalformedCase c) {
        ByteBuf in = Unpooled.wrappedBuffer(c.message().toArray());
        try {
            return Outcome.of(in, c.context());
        } finally {
            in.release();
        }
    }

    private static Outcome decodeThroughFrameDecoder(MalformedCase c) {
        FrameEvents events = new FrameEvents();
        EmbeddedChannel channel = new EmbeddedChannel(new BgpFrameDecoder(c.context()), events);
        ByteBuf in = Unpooled.wrappedBuffer(c.message().toArray());
        channel.writeInbound(in);
        channel.checkException();
        List<ByteBuf> frames = new ArrayList<>();
        for (ByteBuf f; (f = channel.readInbound()) != null; ) {
            frames.add(f);
        }
        try {
            if (!events.errors.isEmpty()) {
                assertThat(frames).as("no frame before a header error in a one-message case").isEmpty();
                assertThat(events.errors).hasSize(1);
                return Outcome.thrown(events.errors.getFirst().cause());
            }
            assertThat(frames).as("a case holds exactly one whole message").hasSize(1);
            return Outcome.of(frames.getFirst(), c.context());
        } finally {
            frames.forEach(ByteBuf::release);
            channel.finishAndReleaseAll();
            assertThat(in.refCnt()).as("input released").isZero();
        }
    }

    private static List<Path> caseFiles() throws IOException, URISyntaxException {
        try (Stream<Path> all = Files.list(directory())) {
            return all.filter(p -> p.getFileName().toString().endsWith(".case")).sorted().toList();
        }
    }

    private static Path directory() throws URISyntaxException {
        URL url = MalformedCorpusTest.class.getResource(DIRECTORY);
        assertThat(url).as("corpus directory %s on the test class path", DIRECTORY).isNotNull();
        return Path.of(url.toURI());
    }

    /** What decoding came to: the strongest action, with the NOTIFICATION it names, if any. */
    record Outcome(ErrorAction action, NotificationCode code, Bytes data, boolean thrown) {

        static Outcome of(ByteBuf frame, CodecContext context) {
            try {
                Decoded decoded = MessageDecoder.decode(frame, context);
                ErrorAction action = decoded.action();
                WireError strongest = decoded.errors().stream().filter(e -> e.action() == action).findFirst().orElse(null);
                return strongest == null
                        ? new Outcome(action, null, null, false)
                        : new Outcome(action, strongest.code(), strongest.data(), false);
            } catch (BgpWireException e) {
                return thrown(e);
            }
        }

        static Outcome thrown(BgpWireException e) {
            return new Outcome(e.error().action(), e.error().code(), e.error().data(), true);
        }
    }
}

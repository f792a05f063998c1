package io.flatnet.bgp.session;

import static io.flatnet.bgp.session.TwoSpeakers.A;
import static io.flatnet.bgp.session.TwoSpeakers.B;
import static io.flatnet.bgp.session.TwoSpeakers.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.wire.NotificationCode;
import io.netty.util.internal.PlatformDependent;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * RFC 9687 over real TCP: a peer that completes the handshake, keeps sending KEEPALIVEs (so our
 * hold timer never fires) and never reads again, while we have a 100,000-prefix table for it.
 * Our writes fill its socket buffers and then stop making progress; the send hold timer (here
 * 2 x the 3 s hold time = 6 s) must end the session within that time plus one second of the last
 * progress, and what waits for that peer meanwhile stays bounded (the update group stops
 * encoding for a member that cannot write). No root needed.
 */
class StalledReaderTest {
    static final int PREFIXES = 100_000;
    static final Duration SEND_HOLD = Duration.ofSeconds(6);

    @Test
    void aPeerThatStopsReadingIsTornDownWithinTheSendHoldTimePlusOneSecond() throws Exception {
        try (BgpSpeaker speaker = BgpSpeaker.start(SpeakerConfig.of(TwoSpeakers.AS_A, RouterId.parse("1.1.1.1"))
                .withListen(List.of(A), 0).withHoldTime(Duration.ofSeconds(3)).withMinSendHoldTime(Duration.ofSeconds(1))
                .withIoThreads(1))) {
            Set<Advertisement> table = new HashSet<>();
            for (int i = 0; i < PREFIXES; i++) {
                table.add(Advertisement.of("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255) + "/32"));
            }
            speaker.setAdvertisements(table);
            speaker.setPeers(Set.of(PeerConfig.builder(B, Asn.of(64513)).passive(true).policy(PeerPolicy.defaults()).build()));
            long directBefore = PlatformDependent.usedDirectMemory();

            AtomicBoolean stop = new AtomicBoolean();
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(4096); // before connect: the window it advertises stays small
                s.bind(new InetSocketAddress(Addresses.toInet(B), 0));
                s.connect(new InetSocketAddress(Addresses.toInet(A), speaker.port()), 2000);
                OutputStream out = s.getOutputStream();
                out.write(open(64513, 3, "2.2.2.2"));
                DataInputStream in = new DataInputStream(s.getInputStream());
                readMessage(in); // its OPEN
                out.write(keepalive());
                readMessage(in); // its KEEPALIVE: Established on its side
                await("Established", () -> speaker.peerStatus(B).orElseThrow().state(), st -> st == SessionState.ESTABLISHED);
                // From here on: never read again, but keep our hold timer at the far end fed.
                Thread keepalives = Thread.ofPlatform().daemon().start(() -> {
                    while (!stop.get()) {
                        try {
                            out.write(keepalive());
                            Thread.sleep(500);
                        } catch (IOException | InterruptedException e) {
                            return;
                        }
                    }
                });
                long stalled = System.nanoTime();
                long directPeak = directBefore;
                while (speaker.peerStatus(B).orElseThrow().state() == SessionState.ESTABLISHED
                        && System.nanoTime() - stalled < SEND_HOLD.plusSeconds(20).toNanos()) {
                    directPeak = Math.max(directPeak, PlatformDependent.usedDirectMemory());
                    Thread.sleep(20);
                }
                double downAfter = (System.nanoTime() - stalled) / 1e9;
                stop.set(true);
                keepalives.join(2000);
                PeerStatus status = speaker.peerStatus(B).orElseThrow();
                System.out.printf("stalled reader: session ended %.2f s after the peer stopped reading (send hold %d s);"
                        + " %d UPDATEs sent before the stall; netty direct memory %d -> peak %d KiB; NOTIFICATION %s%n",
                        downAfter, SEND_HOLD.toSeconds(), status.sent().update(), directBefore / 1024, directPeak / 1024,
                        status.lastNotificationSent().map(NotificationRecord::toString).orElse("none"));
                assertThat(status.state()).isNotEqualTo(SessionState.ESTABLISHED);
                assertThat(status.lastNotificationSent()).hasValueSatisfying(n ->
                        assertThat(n.code()).isEqualTo(NotificationCode.SEND_HOLD_TIMER_EXPIRED.code()));
                // Writes progress for the first milliseconds (socket buffers filling), then stop.
                assertThat(downAfter).isLessThan(SEND_HOLD.toSeconds() + 1.0);
                if (directBefore >= 0) {
                    assertThat(directPeak - directBefore).as("direct memory held for the stalled peer")
                            .isLessThan(8L << 20);
                }
            } finally {
                stop.set(true);
            }
        }
    }

    static byte[] open(int as, int holdSeconds, String routerId) {
        ByteBuffer b = ByteBuffer.allocate(29);
        header(b, 29, 1);
        b.put((byte) 4).putShort((short) as).putShort((short) holdSeconds);
        for (String octet : routerId.split("\\.")) {
            b.put((byte) Integer.parseInt(octet));
        }
        b.put((byte) 0);
        return b.array();
    }

    static byte[] keepalive() {
        ByteBuffer b = ByteBuffer.allocate(19);
        header(b, 19, 4);
        return b.array();
    }

    private static void header(ByteBuffer b, int length, int type) {
        for (int i = 0; i < 16; i++) {
            b.put((byte) 0xff);
        }
        b.putShort((short) length).put((byte) type);
    }

    private static void readMessage(DataInputStream in) throws IOException {
        byte[] header = new byte[19];
        in.readFully(header);
        int length = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
        in.readFully(new byte[length - 19]);
    }
}

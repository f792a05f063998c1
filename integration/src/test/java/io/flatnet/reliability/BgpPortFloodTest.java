package io.flatnet.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * The BGP port under a connection flood from addresses that are no configured peer, on loopback
 * only (127.0.8.0/24 sources, 127.0.0.1 the speaker): {@value #CONNECTIONS} complete TCP
 * handshakes, {@value #CONCURRENCY} at a time, bounded to {@value #BUDGET_SECONDS} s. Each
 * unknown connection must be closed at once (the client reads end-of-stream, not its own
 * timeout), the speaker's file descriptors stay bounded, and its established session with a
 * real peer keeps its uptime, its route and its message flow. Complete handshakes go further
 * than bare SYNs, which the kernel answers (SYN cookies) without the application ever seeing
 * them. No root needed.
 */
class BgpPortFloodTest {
  static final int CONNECTIONS = 20_000;
  static final int CONCURRENCY = 32;
  static final int BUDGET_SECONDS = 60;
  static final IpAddress A = IpAddress.parse("127.0.0.1");
  static final IpAddress B = IpAddress.parse("127.0.0.2");

  @Test
  void unknownConnectionsAreClosedAtOnceAndTheSessionKeepsItsUptime() throws Exception {
    try (BgpSpeaker speaker = BgpSpeaker.start(SpeakerConfig.of(Asn.of(64512), RouterId.parse("1.1.1.1"))
            .withListen(List.of(A), 0).withIoThreads(2));
        BgpSpeaker peer = BgpSpeaker.start(SpeakerConfig.of(Asn.of(64513), RouterId.parse("2.2.2.2"))
            .withListen(List.of(B), 0).withHoldTime(Duration.ofSeconds(3)).withIoThreads(1))) {
      speaker.setPeers(Set.of(PeerConfig.builder(B, Asn.of(64513)).passive(true).holdTime(Duration.ofSeconds(3))
          .policy(PeerPolicy.defaults()).build()));
      peer.setAdvertisements(Set.of(Advertisement.of("100.64.99.0/24")));
      peer.setPeers(Set.of(PeerConfig.builder(A, Asn.of(64512)).port(speaker.port()).sourceAddress(B)
          .holdTime(Duration.ofSeconds(3))
          .backoff(new ConnectRetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
          .policy(PeerPolicy.defaults()).build()));
      PeerStatus before = io.flatnet.lab.Poll.until(Duration.ofSeconds(30), "the session with its route",
          () -> speaker.peerStatus(B).filter(s -> s.state() == SessionState.ESTABLISHED && s.prefixesReceived() == 1),
          () -> String.valueOf(speaker.peerStatus(B)));
      int fdsBefore = openFds();

      AtomicLongArray closeMicros = new AtomicLongArray(CONNECTIONS);
      AtomicInteger notClosed = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      AtomicInteger peakFds = new AtomicInteger(fdsBefore);
      AtomicLong sent = new AtomicLong();
      InetSocketAddress target = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), speaker.port());
      long started = System.nanoTime();
      long deadline = started + TimeUnit.SECONDS.toNanos(BUDGET_SECONDS);
      try (ExecutorService flood = Executors.newFixedThreadPool(CONCURRENCY)) {
        List<Future<?>> workers = new java.util.ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
          int worker = w;
          workers.add(flood.submit(() -> {
            for (int i = worker; i < CONNECTIONS && System.nanoTime() < deadline; i += CONCURRENCY) {
              InetAddress source = InetAddress.getByName("127.0.8." + (1 + i % 250));
              try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(source, 0));
                s.connect(target, 2000);
                sent.incrementAndGet();
                long connected = System.nanoTime();
                s.setSoTimeout(2000);
                try (InputStream in = s.getInputStream()) {
                  if (in.read() != -1) {
                    notClosed.incrementAndGet(); // the speaker sent a byte to a stranger
                  }
                } catch (SocketException reset) {
                  // closed with RST: closed as well
                } catch (SocketTimeoutException e) {
                  notClosed.incrementAndGet();
                }
                closeMicros.set(i, (System.nanoTime() - connected) / 1000);
              } catch (java.net.ConnectException e) {
                refused.incrementAndGet(); // the accept queue overflowed: the kernel refused, fine too
              }
              if (i % 200 == worker) {
                peakFds.accumulateAndGet(openFds(), Math::max);
              }
            }
            return null;
          }));
        }
        for (Future<?> f : workers) {
          f.get();
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long[] micros = new long[(int) sent.get()];
      int k = 0;
      for (int i = 0; i < CONNECTIONS && k < micros.length; i++) {
        if (closeMicros.get(i) > 0) {
          micros[k++] = closeMicros.get(i);
        }
      }
      micros = Arrays.copyOf(micros, k);
      Arrays.sort(micros);
      long p50 = micros[micros.length / 2];
      long p99 = micros[(int) (micros.length * 0.99)];
      long max = micros[micros.length - 1];

      // Settle: the speaker's closed sockets are gone once their FIN handshakes are done.
      Thread.sleep(500);
      int fdsAfter = openFds();
      PeerStatus after = speaker.peerStatus(B).orElseThrow();
      System.out.printf("flood: %d connections from 250 unknown addresses in %.1f s (%.0f/s), %d refused by the"
              + " kernel; closed after p50 %d us, p99 %d us, max %d us; not closed %d; fds before %d, peak %d,"
              + " after %d; session since %s, still %s, keepalives %d -> %d%n",
          sent.get(), seconds, sent.get() / seconds, refused.get(), p50, p99, max, notClosed.get(), fdsBefore,
          peakFds.get(), fdsAfter, after.since(), after.state(), before.received().keepalive(),
          after.received().keepalive());

      assertThat(sent.get()).as("connections made within the budget").isGreaterThanOrEqualTo(CONNECTIONS / 2);
      assertThat(notClosed.get()).as("unknown connections left open or spoken to").isZero();
      assertThat(p99).as("p99 time to close, us").isLessThan(100_000);
      // The flood's own client sockets are in this JVM too: CONCURRENCY of them at a time.
      assertThat(peakFds.get()).as("open fds at peak").isLessThan(fdsBefore + 3 * CONCURRENCY + 20);
      assertThat(fdsAfter).as("open fds after").isLessThan(fdsBefore + 10);
      assertThat(after.state()).isEqualTo(SessionState.ESTABLISHED);
      assertThat(after.since()).as("session start").isEqualTo(before.since());
      assertThat(after.flaps()).isZero();
      assertThat(after.prefixesReceived()).isEqualTo(1);
      if (seconds > 2) { // keepalives every second with a 3 s hold time: they kept flowing
        assertThat(after.received().keepalive()).isGreaterThan(before.received().keepalive());
      }
    }
  }

  private static int openFds() {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return (int) fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.flatnet.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The java.lang.foreign socket options on a real (unconnected) epoll socket; no root needed. */
class SocketOptionsTest {

    @Test
    void ttlAndMinimumTtlAreSetOnTheSocket() throws IOException {
        assumeTrue(Epoll.isAvailable(), "netty epoll is unavailable: " + Epoll.unavailabilityCause());
        EpollSocketChannel ch = new EpollSocketChannel();
        try {
            int fd = ch.fd().intValue();
            SocketOptions.setTtl(fd, false, 7);
            assertThat(SocketOptions.getInt(fd, SocketOptions.IPPROTO_IP, SocketOptions.IP_TTL)).isEqualTo(7);
            SocketOptions.setMinTtl(fd, false, 254);
            assertThat(SocketOptions.getInt(fd, SocketOptions.IPPROTO_IP, SocketOptions.IP_MINTTL)).isEqualTo(254);
            SocketOptions.setTtl(fd, true, 255);
            assertThat(SocketOptions.getInt(fd, SocketOptions.IPPROTO_IPV6, SocketOptions.IPV6_UNICAST_HOPS)).isEqualTo(255);
        } finally {
            ch.unsafe().closeForcibly();
        }
    }

    @Test
    void failuresReportErrno() {
        assertThatThrownBy(() -> SocketOptions.setTtl(-1, false, 1))
                .isInstanceOf(IOException.class).hasMessageContaining("errno 9"); // EBADF
    }

    @Test
    void gtsmAndTtlDefaults() {
        PeerConfig ebgp = PeerConfig.builder("192.0.2.1", 65002).build();
        assertThat(ebgp.outgoingTtl(io.flatnet.bgp.model.Asn.of(65001))).isEqualTo(1);
        assertThat(ebgp.minimumTtl()).isZero();
        PeerConfig ibgp = PeerConfig.builder("192.0.2.1", 65001).build();
        assertThat(ibgp.outgoingTtl(io.flatnet.bgp.model.Asn.of(65001))).isZero(); // system default
        PeerConfig gtsm = PeerConfig.builder("192.0.2.1", 65002).ttlSecurityHops(1).build();
        assertThat(gtsm.outgoingTtl(io.flatnet.bgp.model.Asn.of(65001))).isEqualTo(255);
        assertThat(gtsm.minimumTtl()).isEqualTo(255);
        assertThat(PeerConfig.builder("192.0.2.1", 65002).md5Password("secret").build().toString()).doesNotContain("secret");
    }
}

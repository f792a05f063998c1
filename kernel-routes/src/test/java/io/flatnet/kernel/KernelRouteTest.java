package io.flatnet.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KernelRouteTest {

    @Test
    void prefixMasksHostBits() {
        assertThat(Prefix.parse("100.64.1.7/24")).isEqualTo(Prefix.parse("100.64.1.0/24"));
        assertThat(Prefix.parse("fd00:64::1:2/20").toString()).isEqualTo("fd00::/20");
        assertThat(Prefix.parse("100.64.1.7/20").toString()).isEqualTo("100.64.0.0/20");
        assertThat(Prefix.parse("100.64.1.7").length()).isEqualTo(32);
        assertThatThrownBy(() -> Prefix.parse("100.64.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv6TextIsCompressedLikeIpRoute() {
        assertThat(Prefix.parse("fd00:64:0:0:0:0:0:1/128").toString()).isEqualTo("fd00:64::1/128");
        assertThat(Prefix.parse("::/0").toString()).isEqualTo("::/0");
        assertThat(Prefix.parse("fd00:0:1:0:0:1:0:0/128").toString()).isEqualTo("fd00:0:1::1:0:0/128");
    }

    @Test
    void nextHopsAreSortedAndMergedSoEcmpSetsCompareEqual() {
        KernelRoute a = KernelRoute.unicast("100.80.0.0/24", "100.64.1.2", "100.64.0.2");
        KernelRoute b = KernelRoute.unicast("100.80.0.0/24", "100.64.0.2", "100.64.1.2");
        assertThat(a).isEqualTo(b);
        assertThat(KernelRoute.unicast("100.80.0.0/24", "100.64.0.2", "100.64.0.2").nextHops())
                .containsExactly(NextHop.via("100.64.0.2").withWeight(1));
    }

    @Test
    void aLoneNextHopHasWeightOne() {
        KernelRoute r = KernelRoute.unicast(Prefix.parse("100.80.0.0/24"), NextHop.via("100.64.0.2").withWeight(9));
        assertThat(r.nextHops().getFirst().weight()).isEqualTo(1);
    }

    @Test
    void ipv6MetricZeroIsTheKernelDefault() {
        assertThat(KernelRoute.unicast("fd00:64:80::/48", "fd00:64::2").metric()).isEqualTo(1024);
        assertThat(KernelRoute.unicast("100.80.0.0/24", "100.64.0.2").metric()).isZero();
    }

    @Test
    void invalidRoutesAreRejected() {
        assertThatThrownBy(() -> KernelRoute.unicast("100.80.0.0/24")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KernelRoute.unicast("100.80.0.0/24", "fd00:64::2"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KernelRoute.blackhole("100.96.0.0/26").withNextHops(List.of(NextHop.via("100.64.0.2"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KernelRoute.blackhole("100.96.0.0/26").withTable(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errnoHasSymbolicNames() {
        assertThat(Errno.ENETUNREACH.toString()).isEqualTo("ENETUNREACH (Network is unreachable)");
        assertThat(new Errno(3).name()).isEqualTo("ESRCH");
        assertThat(new Errno(4242).name()).isEqualTo("errno 4242");
    }
}

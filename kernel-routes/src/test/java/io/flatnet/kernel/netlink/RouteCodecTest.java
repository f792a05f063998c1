package io.flatnet.kernel.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.kernel.KernelRoute;
import io.flatnet.kernel.NextHop;
import io.flatnet.kernel.Prefix;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Route messages as rtnetlink(7) lays them out, built and read back without a kernel. */
class RouteCodecTest {

    private final MemorySegment buf = Arena.ofAuto().allocate(4096, 8);

    private KernelRoute roundTrip(KernelRoute r) {
        int end = RouteCodec.writeRoute(buf, 0, Rtnl.RTM_NEWROUTE, Rtnl.NLM_F_REQUEST, 7, r);
        assertThat(end).isLessThanOrEqualTo(RouteCodec.maxLength(r));
        assertThat(buf.get(JAVA_INT_UNALIGNED, 0)).isEqualTo(end);
        return RouteCodec.readRoute(buf, 0);
    }

    @Test
    void ipv4RouteHasTheExpectedBytes() {
        KernelRoute r = KernelRoute.unicast(Prefix.parse("100.80.0.0/24"), NextHop.via("100.64.0.2", 3));
        int end = RouteCodec.writeRoute(buf, 0, Rtnl.RTM_NEWROUTE,
                Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_EXCL, 0x01020304, r);

        String hex = HexFormat.of().formatHex(buf.asSlice(0, end).toArray(JAVA_BYTE));
        assertThat(hex).isEqualTo(
                "44000000" + "1800" + "0506" + "04030201" + "00000000" // nlmsghdr: len 68, NEWROUTE, flags, seq, pid
                + "02180000" + "fe" + "ba" + "00" + "01" + "00000000"   // rtmsg: inet /24, main, bgp, universe, unicast
                + "08000f00" + "fe000000"                              // RTA_TABLE 254
                + "08000100" + "64500000"                              // RTA_DST 100.80.0.0
                + "08000600" + "00000000"                              // RTA_PRIORITY 0
                + "08000500" + "64400002"                              // RTA_GATEWAY 100.64.0.2
                + "08000400" + "03000000");                            // RTA_OIF 3
    }

    @Test
    void ecmpGoesInRtaMultipathWithWeightMinusOne() {
        KernelRoute r = KernelRoute.unicast(Prefix.parse("100.80.0.0/24"),
                NextHop.via("100.64.0.2", 3).withWeight(3), NextHop.via("100.64.1.2", 5));
        int end = RouteCodec.writeRoute(buf, 0, Rtnl.RTM_NEWROUTE, Rtnl.NLM_F_REQUEST, 1, r);
        // After header, rtmsg, TABLE, DST, PRIORITY: RTA_MULTIPATH of 4 + 2 * (8 + 8) bytes.
        int mp = 16 + 12 + 24;
        assertThat(buf.get(JAVA_SHORT_UNALIGNED, mp)).isEqualTo((short) 36);
        assertThat(buf.get(JAVA_SHORT_UNALIGNED, mp + 2)).isEqualTo((short) Rtnl.RTA_MULTIPATH);
        assertThat(buf.get(JAVA_BYTE, mp + 4 + 3)).as("rtnh_hops").isEqualTo((byte) 2);
        assertThat(buf.get(JAVA_INT_UNALIGNED, mp + 4 + 4)).as("rtnh_ifindex").isEqualTo(3);
        assertThat(end).isEqualTo(mp + 36);
        assertThat(RouteCodec.readRoute(buf, 0)).isEqualTo(r);
    }

    @Test
    void roundTripsIpv4Ipv6BlackholeBigTableAndPreferredSource() throws Exception {
        List<KernelRoute> routes = List.of(
                KernelRoute.unicast(Prefix.parse("100.80.0.0/24"), NextHop.via("100.64.0.2", 3)),
                KernelRoute.unicast(Prefix.parse("0.0.0.0/0"), NextHop.via("100.64.0.2", 3)),
                KernelRoute.blackhole("100.96.0.0/26"),
                KernelRoute.blackhole("fd00:64:96::/64").withMetric(77),
                KernelRoute.unicast(Prefix.parse("fd00:64:80::/48"), NextHop.via("fd00:64::2", 3), NextHop.via("fd00:64:1::2", 5).withWeight(4)),
                KernelRoute.unicast(Prefix.parse("100.80.1.0/24"), NextHop.via("100.64.0.2", 3)).withTable(100000).withMetric(20),
                KernelRoute.unicast(Prefix.parse("100.80.2.0/24"), NextHop.via("100.64.0.2", 3))
                        .withPreferredSource(InetAddress.ofLiteral("100.64.0.1")),
                KernelRoute.unicast(Prefix.parse("100.80.3.0/24"), NextHop.device(3)));
        for (KernelRoute r : routes) {
            assertThat(roundTrip(r)).as(r.toString()).isEqualTo(r);
        }
    }

    @Test
    void bigTableIdsUseRtTableCompatAndRtaTable() {
        KernelRoute r = KernelRoute.blackhole("100.96.0.0/26").withTable(100000);
        RouteCodec.writeRoute(buf, 0, Rtnl.RTM_NEWROUTE, Rtnl.NLM_F_REQUEST, 1, r);
        assertThat(buf.get(JAVA_BYTE, 16 + 4) & 0xff).isEqualTo(Rtnl.RT_TABLE_COMPAT);
        assertThat(buf.get(JAVA_INT_UNALIGNED, 16 + 12 + 4)).isEqualTo(100000);
    }

    @Test
    void deleteNamesKeyAndProtocolButNoNextHop() {
        KernelRoute r = KernelRoute.unicast(Prefix.parse("100.80.0.0/24"), NextHop.via("100.64.0.2", 3));
        int end = RouteCodec.writeRoute(buf, 0, Rtnl.RTM_DELROUTE, Rtnl.NLM_F_REQUEST, 1, r);
        assertThat(end).isEqualTo(16 + 12 + 3 * 8);
        assertThat(buf.get(JAVA_BYTE, 16 + 5) & 0xff).as("protocol").isEqualTo(186);
        assertThat(buf.get(JAVA_BYTE, 16 + 6) & 0xff).as("scope").isEqualTo(Rtnl.RT_SCOPE_NOWHERE);
    }

    @Test
    void routesFlatnetDoesNotModelReadAsNull() {
        KernelRoute r = KernelRoute.unicast(Prefix.parse("100.80.0.0/24"), NextHop.via("100.64.0.2", 3));
        RouteCodec.writeRoute(buf, 0, Rtnl.RTM_NEWROUTE, Rtnl.NLM_F_REQUEST, 1, r);
        buf.set(JAVA_BYTE, 16 + 7, (byte) Rtnl.RTN_LOCAL);
        assertThat(RouteCodec.readRoute(buf, 0)).isNull();
    }
}

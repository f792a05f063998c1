package io.flatnet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flatnet.agent.kernel.KernelInstaller;
import io.flatnet.agent.kernel.KernelOptions;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.BgpFilter;
import io.flatnet.bgp.policy.FilterRule;
import io.flatnet.bgp.policy.NextHopMode;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.kernel.netlink.NetlinkRouteTable;
import io.flatnet.reflector.RouteReflector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The device under test for {@code /work/shared/bench}: reads the harness's scenario JSON
 * ({@code router_id}, {@code asn}, {@code listen}, {@code route_reflector}, {@code install_routes},
 * {@code peers[{address, asn, role}]}) and runs a {@link BgpSpeaker} in the foreground until
 * SIGTERM.
 *
 * <ul>
 *   <li>{@code table}: feeder and monitor are eBGP; everything learned is exported (an explicit
 *       {@code exportV4: accept} filter, since Calico's defaults export only our own routes) with
 *       next-hop-self.</li>
 *   <li>{@code mesh}: iBGP route reflector ({@link RouteReflector}, cluster id = router id) for
 *       every peer, each a client; next hop unchanged, ORIGINATOR_ID and CLUSTER_LIST set by the
 *       reflector rules.</li>
 *   <li>{@code install_routes} ({@code fib}): best paths go into the kernel through the agent's
 *       {@link KernelInstaller} with {@link KernelOptions#DEFAULT} (table main, protocol 186),
 *       wired as the agent wires it: installer first, speaker restarting if routes were adopted.
 *       The process already runs in the DUT's namespace, so the netlink socket is opened as is.</li>
 * </ul>
 * The harness always connects to us, so every peer is passive; IPv4 unicast only, as offered by
 * the harness.
 */
public final class BenchDut {
    private BenchDut() {
    }

    /** The speaker and peers a scenario asks for. */
    record Setup(SpeakerConfig speaker, Set<PeerConfig> peers) {
    }

    static Setup setup(JsonNode scenario) {
        Asn asn = Asn.of(scenario.required("asn").asLong());
        RouterId routerId = RouterId.parse(scenario.required("router_id").asText());
        IpAddress listen = IpAddress.parse(scenario.required("listen").asText());
        boolean reflector = scenario.path("route_reflector").asBoolean(false);
        SpeakerConfig speaker = SpeakerConfig.of(asn, routerId).withListen(List.of(listen), SpeakerConfig.BGP_PORT);
        if (reflector) {
            speaker = speaker.withRules(new RouteReflector(routerId));
        }
        PeerPolicy exportLearned = PeerPolicy.of(BgpFilter.named("bench-export-all").exportV4(FilterRule.accept()));
        Set<PeerConfig> peers = new LinkedHashSet<>();
        for (JsonNode p : scenario.required("peers")) {
            Asn remote = Asn.of(p.required("asn").asLong());
            boolean ibgp = remote.equals(asn);
            PeerConfig.Builder b = PeerConfig.builder(IpAddress.parse(p.required("address").asText()), remote)
                    .passive(true)
                    .families(Set.of(AddressFamily.IPV4_UNICAST));
            if (ibgp) {
                b.policy(PeerPolicy.defaults()).nextHop(NextHopMode.KEEP).reflectorClient(reflector);
            } else {
                b.policy(exportLearned).nextHop(NextHopMode.SELF);
            }
            peers.add(b.build());
        }
        return new Setup(speaker, peers);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: start-dut SCENARIO.json");
            System.exit(64);
        }
        JsonNode scenario = new ObjectMapper().readTree(Files.readString(Path.of(args[0])));
        Setup setup = setup(scenario);
        KernelInstaller kernel = scenario.path("install_routes").asBoolean(false)
                ? KernelInstaller.start(KernelOptions.DEFAULT, NetlinkRouteTable::open) : null;
        SpeakerConfig config = kernel != null && kernel.restarting()
                ? setup.speaker().withRestarting(true, kernel.options().restartTime()) : setup.speaker();
        BgpSpeaker speaker = BgpSpeaker.start(config);
        if (kernel != null) {
            kernel.attach(speaker);
            kernel.setPeers(setup.peers());
        }
        speaker.setPeers(setup.peers());
        System.out.println("flatnet bench DUT: AS" + setup.speaker().localAsn() + " router id "
                + setup.speaker().routerId() + (scenario.path("route_reflector").asBoolean(false) ? " route reflector" : "")
                + ", " + setup.peers().size() + " peers"
                + (kernel != null ? ", installing into table " + kernel.options().table() + " protocol "
                        + kernel.options().protocol() + (kernel.adopted() > 0 ? " (adopted " + kernel.adopted() + ")" : "")
                        : ""));
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // The installer first, so the sessions' end does not reach the kernel (as in the agent).
            if (kernel != null) {
                kernel.close();
            }
            speaker.close();
            done.countDown();
        }, "bench-shutdown"));
        done.await();
    }
}

package io.flatnet.agent.config.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.agent.config.file.ConfigFileLoader;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.received.ReceivedRoute;
import io.flatnet.bgp.wire.attribute.Communities;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two real speakers on loopback, each configured through {@link NodeView} from one file: node-a
 * (AS 64512) and a "ToR" node-b (AS 65001) peer over eBGP, and routes flow as the BGPFilters say.
 */
class FilteredSpeakersTest {
    private static final IpAddress A = IpAddress.parse("127.0.0.1");
    private static final IpAddress B = IpAddress.parse("127.0.0.2");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private BgpSpeaker a;
    private BgpSpeaker b;

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String yaml(int port, String globalExtra, String aFilters) {
        String head = "apiVersion: flatnet.io/v1\n";
        return head + """
                kind: BGPConfiguration
                metadata: {name: default}
                spec: {asNumber: 64512, nodeToNodeMeshEnabled: false, bindMode: NodeIP, listenPort: %d%s}
                ---
                """.formatted(port, globalExtra) + head + """
                kind: Node
                metadata: {name: node-a}
                spec: {bgp: {ipv4Address: 127.0.0.1/8}, podCIDRs: [10.244.1.0/24, 10.244.9.0/24]}
                ---
                """ + head + """
                kind: Node
                metadata: {name: node-b}
                spec: {bgp: {ipv4Address: 127.0.0.2/8, asNumber: 65001}, podCIDRs: [10.244.2.0/24, 10.244.3.0/24]}
                ---
                """ + head + """
                kind: BGPFilter
                metadata: {name: a-policy}
                spec:
                  exportV4:
                    - {action: Reject, matchOperator: Equal, cidr: 10.244.9.0/24}
                    - action: Accept
                      matchOperator: In
                      cidr: 10.244.0.0/16
                      operations: [{addCommunity: {value: "64512:100"}}]
                  importV4:
                    - {action: Reject, matchOperator: Equal, cidr: 10.244.3.0/24}
                ---
                """ + head + """
                kind: BGPPeer
                metadata: {name: a-to-b}
                spec: {node: node-a, peerIP: "127.0.0.2:%d", asNumber: 65001%s}
                ---
                """.formatted(port, aFilters) + head + """
                kind: BGPPeer
                metadata: {name: b-to-a}
                spec: {node: node-b, peerIP: "127.0.0.1:%d", asNumber: 64512}
                """.formatted(port);
    }

    private void start(String yaml) throws Exception {
        NodeView va = NodeView.compute(ConfigFileLoader.parse("cluster.yaml", yaml), "node-a");
        NodeView vb = NodeView.compute(ConfigFileLoader.parse("cluster.yaml", yaml), "node-b");
        a = BgpSpeaker.start(va.speakerConfig());
        b = BgpSpeaker.start(vb.speakerConfig());
        a.setAdvertisements(va.advertisementSet());
        b.setAdvertisements(vb.advertisementSet());
        a.setPeers(va.peerConfigs());
        b.setPeers(vb.peerConfigs());
    }

    private static List<ReceivedRoute> await(BgpSpeaker s, IpAddress peer, Predicate<List<ReceivedRoute>> ok)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<ReceivedRoute> last = List.of();
        while (System.nanoTime() < deadline) {
            last = s.receivedRoutes().routes(peer, AddressFamily.IPV4_UNICAST);
            if (ok.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("routes from " + peer + " not as expected within " + PATIENCE + ": " + last
                + "\n" + s.peers());
    }

    private static List<IpPrefix> prefixes(List<ReceivedRoute> routes) {
        return routes.stream().map(ReceivedRoute::prefix).toList();
    }

    @Test
    void routesFlowAsTheFiltersSayAndTheUnfilteredSideUsesCalicosDefaults() throws Exception {
        start(yaml(freePort(), "", ", filters: [a-policy]"));

        // b -> a: b has no filters, so Calico's defaults export its pod CIDRs; a's import rejects .3
        List<ReceivedRoute> atA = await(a, B, l -> l.size() == 1);
        assertThat(prefixes(atA)).containsExactly(IpPrefix.parse("10.244.2.0/24"));
        // a -> b: a's export rejects .9 and tags the rest; b accepts everything by default
        List<ReceivedRoute> atB = await(b, A, l -> l.size() == 1);
        assertThat(prefixes(atB)).containsExactly(IpPrefix.parse("10.244.1.0/24"));
        assertThat(atB.getFirst().attributes().attribute(Communities.class).orElseThrow().values())
                .containsExactly(Community.of(64512, 100));
        assertThat(atB.getFirst().nextHop()).isEqualTo(A);
    }

    @Test
    void underEbgpRequiresPolicyTheUnfilteredSideExchangesNothing() throws Exception {
        start(yaml(freePort(), ", ebgpRequiresPolicy: true", ", filters: [a-policy]"));

        // a still sends per its filter and b (no filters, RFC 8212) accepts none of it; b sends nothing.
        await(a, B, l -> a.peerStatus(B).map(st -> st.state() == io.flatnet.bgp.fsm.SessionState.ESTABLISHED)
                .orElse(false));
        Thread.sleep(1000);
        assertThat(a.receivedRoutes().routes(B, AddressFamily.IPV4_UNICAST)).isEmpty();
        assertThat(b.receivedRoutes().routes(A, AddressFamily.IPV4_UNICAST)).isEmpty();
        assertThat(a.peerStatus(B).orElseThrow().prefixesAdvertised()).isEqualTo(1);
    }
}

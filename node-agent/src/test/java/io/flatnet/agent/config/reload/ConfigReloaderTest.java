package io.flatnet.agent.config.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.agent.config.file.ConfigFileLoader;
import io.flatnet.agent.config.view.NodeView;
import io.flatnet.bgp.model.IpAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReloaderTest {
    private static final String NODES = """
            apiVersion: flatnet.io/v1
            kind: Node
            metadata: {name: node-1}
            spec: {bgp: {ipv4Address: 10.0.0.1/24}, podCIDRs: [10.244.1.0/24]}
            ---
            apiVersion: flatnet.io/v1
            kind: Node
            metadata: {name: node-2}
            spec: {bgp: {ipv4Address: 10.0.0.2/24}}
            """;
    private static final String TOR = """
            ---
            apiVersion: flatnet.io/v1
            kind: BGPPeer
            metadata: {name: tor}
            spec: {peerIP: 10.0.0.254, asNumber: 65001}
            """;

    @TempDir
    Path dir;

    private final List<NodeView> applied = new CopyOnWriteArrayList<>();

    private ConfigReloader reloader(Path file, Duration debounce) throws Exception {
        NodeView initial = NodeView.compute(ConfigFileLoader.load(file), "node-1");
        return new ConfigReloader(file, "node-1", initial, applied::add, debounce);
    }

    @Test
    void aGoodChangeIsAppliedAsTheWholeNewSet() throws Exception {
        Path file = Files.writeString(dir.resolve("flatnet.yaml"), NODES);
        try (ConfigReloader r = reloader(file, Duration.ofMillis(50))) {
            assertThat(r.reload()).isEqualTo(ConfigReloader.Outcome.UNCHANGED);
            Files.writeString(file, NODES + TOR);
            assertThat(r.reload()).isEqualTo(ConfigReloader.Outcome.APPLIED);
            assertThat(applied).singleElement().satisfies(v -> assertThat(v.peerConfigs()).hasSize(2));
            assertThat(r.current().peer(IpAddress.parse("10.0.0.254"))).isPresent();
        }
    }

    @Test
    void aBadChangeKeepsTheLastGoodConfiguration() throws Exception {
        Path file = Files.writeString(dir.resolve("flatnet.yaml"), NODES + TOR);
        try (ConfigReloader r = reloader(file, Duration.ofMillis(50))) {
            NodeView good = r.current();
            Files.writeString(file, NODES + TOR.replace("65001", "65001x"));
            assertThat(r.reload()).isEqualTo(ConfigReloader.Outcome.REFUSED);
            assertThat(r.current()).isSameAs(good);
            assertThat(applied).isEmpty();
            assertThat(r.lastResult()).get().satisfies(last -> assertThat(last.detail()).isEqualTo("1 problem(s),"
                    + " keeping the last good configuration: " + file + ": document 3 (BGPPeer tor), line 14,"
                    + " spec.asNumber: '65001x' is not an AS number; expected asplain 0..4294967295 or asdot a.b"));
        }
    }

    @Test
    void changingTheNodesAsNeedsARestart() throws Exception {
        Path file = Files.writeString(dir.resolve("flatnet.yaml"), NODES);
        try (ConfigReloader r = reloader(file, Duration.ofMillis(50))) {
            Files.writeString(file, NODES.replace("ipv4Address: 10.0.0.1/24}", "ipv4Address: 10.0.0.1/24, asNumber: 65500}"));
            assertThat(r.reload()).isEqualTo(ConfigReloader.Outcome.REFUSED);
            assertThat(applied).isEmpty();
            assertThat(r.lastResult()).get().satisfies(last -> assertThat(last.detail()).isEqualTo("the node's AS,"
                    + " router id or listen settings changed; restart the agent to change them"));
        }
    }

    @Test
    void aBurstOfWritesIsOneReloadAfterTheQuietPeriod() throws Exception {
        Path file = Files.writeString(dir.resolve("flatnet.yaml"), NODES);
        try (ConfigReloader r = reloader(file, Duration.ofMillis(300))) {
            r.start();
            Files.writeString(file, NODES + TOR.substring(0, 40)); // half-written: would be refused
            Files.writeString(file, NODES + TOR);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (applied.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(applied).hasSize(1);
            assertThat(applied.getFirst().peer(IpAddress.parse("10.0.0.254"))).isPresent();
        }
    }
}

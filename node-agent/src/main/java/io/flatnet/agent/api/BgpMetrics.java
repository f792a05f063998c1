package io.flatnet.agent.api;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.session.MessageCounters;
import io.flatnet.bgp.session.NotificationCount;
import io.flatnet.bgp.session.PeerStatus;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The per-peer BGP metrics, read from the speaker's status snapshots when Prometheus scrapes:
 * sessions count nothing extra on their hot path. Counters (Prometheus adds {@code _total}):
 * {@code flatnet_bgp_messages_received_total{peer,type}}, {@code ..._sent_total},
 * {@code flatnet_bgp_session_flaps_total{peer}},
 * {@code flatnet_bgp_notifications_sent_total{peer,code,subcode}} and {@code ..._received_total}.
 * Gauges: {@code flatnet_bgp_session_state{peer,state}} (1 for the current state, 0 for the
 * others), {@code flatnet_bgp_session_established{peer}}, {@code flatnet_bgp_session_uptime_seconds{peer}},
 * {@code flatnet_bgp_prefixes_received{peer}} (routes from the peer in the Adj-RIB-In now),
 * {@code flatnet_bgp_prefixes_advertised{peer}}, {@code flatnet_bgp_peers} (configured), and
 * {@code flatnet_rib_prefixes{family}} and {@code flatnet_rib_paths{family}} (the Loc-RIB's size).
 * Unless the agent installs nothing: {@code flatnet_kernel_routes{state}} (installed, stale,
 * excluded), {@code flatnet_kernel_route_operations_total{op}} (add, replace, delete) and
 * {@code flatnet_kernel_route_failures_total} (requests the kernel refused).
 *
 * <p>The counters live as long as the peer's configuration: they restart from zero when a peer is
 * removed and added again, which Prometheus's {@code rate()} handles as a counter reset.
 */
final class BgpMetrics implements MultiCollector {
    private static final String[] TYPES = {"open", "update", "notification", "keepalive", "route_refresh"};

    private final AgentState state;

    BgpMetrics(AgentState state) {
        this.state = state;
    }

    @Override
    public MetricSnapshots collect() {
        List<PeerStatus> peers = state.peers();
        List<io.prometheus.metrics.model.snapshots.MetricSnapshot> out = new ArrayList<>();

        GaugeSnapshot.Builder states = GaugeSnapshot.builder().name("flatnet_bgp_session_state")
                .help("BGP session state per peer: 1 for the current RFC 4271 state, 0 for the others");
        for (PeerStatus p : peers) {
            for (SessionState s : SessionState.values()) {
                states.dataPoint(gauge(Labels.of("peer", peer(p), "state", V1.stateName(s)), p.state() == s ? 1 : 0));
            }
        }
        out.add(states.build());
        out.add(gauge("flatnet_bgp_session_established", "1 when the BGP session with the peer is Established",
                peers, p -> p.state() == SessionState.ESTABLISHED ? 1 : 0));
        out.add(gauge("flatnet_bgp_session_uptime_seconds", "how long the session has been Established, 0 when it is not",
                peers, p -> p.uptime().toSeconds()));
        out.add(messages("flatnet_bgp_messages_received", "BGP messages received from the peer, by type", peers,
                PeerStatus::received));
        out.add(messages("flatnet_bgp_messages_sent", "BGP messages sent to the peer, by type", peers, PeerStatus::sent));
        out.add(gauge("flatnet_bgp_prefixes_received", "routes received from the peer now held in the Adj-RIB-In",
                peers, PeerStatus::prefixesAccepted));
        out.add(gauge("flatnet_bgp_prefixes_advertised", "routes currently advertised to the peer", peers,
                PeerStatus::prefixesAdvertised));
        CounterSnapshot.Builder flaps = CounterSnapshot.builder().name("flatnet_bgp_session_flaps")
                .help("how often the session with the peer left Established");
        peers.forEach(p -> flaps.dataPoint(counter(Labels.of("peer", peer(p)), p.flaps())));
        out.add(flaps.build());
        out.add(notifications("flatnet_bgp_notifications_sent", "NOTIFICATIONs sent to the peer, by code and subcode",
                peers, PeerStatus::notificationsSent));
        out.add(notifications("flatnet_bgp_notifications_received",
                "NOTIFICATIONs received from the peer, by code and subcode", peers, PeerStatus::notificationsReceived));
        out.add(GaugeSnapshot.builder().name("flatnet_bgp_peers").help("configured BGP peers")
                .dataPoint(gauge(Labels.EMPTY, peers.size())).build());
        List<AgentState.RibSize> rib = state.ribSizes();
        if (!rib.isEmpty()) {
            GaugeSnapshot.Builder prefixes = GaugeSnapshot.builder().name("flatnet_rib_prefixes")
                    .help("prefixes in the Loc-RIB (with at least one candidate path), per family");
            GaugeSnapshot.Builder paths = GaugeSnapshot.builder().name("flatnet_rib_paths")
                    .help("candidate paths in the Loc-RIB over all prefixes, per family");
            for (AgentState.RibSize r : rib) {
                prefixes.dataPoint(gauge(Labels.of("family", r.family()), r.prefixes()));
                paths.dataPoint(gauge(Labels.of("family", r.family()), r.paths()));
            }
            out.add(prefixes.build());
            out.add(paths.build());
        }
        state.kernel().ifPresent(k -> {
            out.add(GaugeSnapshot.builder().name("flatnet_kernel_routes")
                    .help("the agent's kernel routes: installed (stale ones included), stale (adopted at start, not"
                            + " yet re-learned), excluded (learned but kept out)")
                    .dataPoint(gauge(Labels.of("state", "installed"), k.installed()))
                    .dataPoint(gauge(Labels.of("state", "stale"), k.stale()))
                    .dataPoint(gauge(Labels.of("state", "excluded"), k.excluded().size())).build());
            out.add(CounterSnapshot.builder().name("flatnet_kernel_route_operations")
                    .help("kernel routes added, replaced and deleted by the agent since start")
                    .dataPoint(counter(Labels.of("op", "add"), k.added()))
                    .dataPoint(counter(Labels.of("op", "replace"), k.replaced()))
                    .dataPoint(counter(Labels.of("op", "delete"), k.deleted())).build());
            out.add(CounterSnapshot.builder().name("flatnet_kernel_route_failures")
                    .help("route requests the kernel refused since start")
                    .dataPoint(counter(Labels.EMPTY, k.failures())).build());
        });
        return new MetricSnapshots(out);
    }

    private static String peer(PeerStatus p) {
        return p.address().toString();
    }

    private static GaugeSnapshot gauge(String name, String help, List<PeerStatus> peers, ToLongFunction<PeerStatus> value) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        peers.forEach(p -> b.dataPoint(gauge(Labels.of("peer", peer(p)), value.applyAsLong(p))));
        return b.build();
    }

    private static CounterSnapshot messages(String name, String help, List<PeerStatus> peers,
            Function<PeerStatus, MessageCounters> counters) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        for (PeerStatus p : peers) {
            MessageCounters c = counters.apply(p);
            long[] values = {c.open(), c.update(), c.notification(), c.keepalive(), c.routeRefresh()};
            for (int i = 0; i < TYPES.length; i++) {
                b.dataPoint(counter(Labels.of("peer", peer(p), "type", TYPES[i]), values[i]));
            }
        }
        return b.build();
    }

    private static CounterSnapshot notifications(String name, String help, List<PeerStatus> peers,
            Function<PeerStatus, List<NotificationCount>> counts) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        for (PeerStatus p : peers) {
            for (NotificationCount c : counts.apply(p)) {
                b.dataPoint(counter(Labels.of("peer", peer(p), "code", Integer.toString(c.code()), "subcode",
                        Integer.toString(c.subcode())), c.count()));
            }
        }
        return b.build();
    }

    private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static CounterDataPointSnapshot counter(Labels labels, double value) {
        return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}

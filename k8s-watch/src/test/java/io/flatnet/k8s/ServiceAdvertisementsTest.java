package io.flatnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.k8s.ServiceAdvertisements.Reason;
import io.flatnet.k8s.ServiceAdvertisements.Route;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The service rules over an in-memory snapshot. */
class ServiceAdvertisementsTest {
    private static final ServiceAdvertisements.Ranges RANGES = new ServiceAdvertisements.Ranges(
            List.of(IpPrefix.parse("10.96.0.0/12")),
            List.of(IpPrefix.parse("198.51.100.0/24"), IpPrefix.parse("192.0.2.7/32")),
            List.of(IpPrefix.parse("203.0.113.0/24"), IpPrefix.parse("2001:db8::/64")));

    private static NodeInfo node(String name, boolean excluded) {
        return new NodeInfo(name, excluded ? Map.of(NodeInfo.EXCLUDE_FROM_LB_LABEL, "true") : Map.of(), Map.of(),
                List.of(), List.of());
    }

    private static ClusterSnapshot snapshot(List<ServiceInfo> services, List<EndpointSliceInfo> slices) {
        return new ClusterSnapshot(List.of(node("a", false), node("b", false), node("x", true)), services, slices,
                List.of(), List.of(), List.of(), Map.of());
    }

    private static List<String> prefixes(List<Route> routes) {
        return routes.stream().map(r -> r.prefix().toString()).toList();
    }

    @Test
    void rangesFromEveryNodeButLoadBalancerRangesNotFromExcludedNodes() {
        ClusterSnapshot s = snapshot(List.of(), List.of());
        assertThat(prefixes(ServiceAdvertisements.compute(s, "a", RANGES)))
                .containsExactly("10.96.0.0/12", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/64");
        assertThat(prefixes(ServiceAdvertisements.compute(s, "x", RANGES)))
                .containsExactly("10.96.0.0/12", "198.51.100.0/24");
    }

    @Test
    void aSingleAddressEntryIsAdvertisedOnlyWhileAServiceUsesIt() {
        ServiceInfo svc = new ServiceInfo("default", "ext", "ClusterIP", List.of("10.96.1.1"),
                List.of("192.0.2.7", "192.0.2.8"), List.of(), "Cluster");
        assertThat(prefixes(ServiceAdvertisements.compute(snapshot(List.of(), List.of()), "a", RANGES)))
                .doesNotContain("192.0.2.7/32");
        List<Route> routes = ServiceAdvertisements.compute(snapshot(List.of(svc), List.of()), "a", RANGES);
        assertThat(routes).contains(new Route(IpPrefix.parse("192.0.2.7/32"), Reason.ALLOWED_SERVICE_IP,
                List.of("default/ext")));
        assertThat(prefixes(routes)).doesNotContain("192.0.2.8/32", "10.96.1.1/32"); // not allowed; covered
    }

    @Test
    void localServicesOnlyFromNodesWithAReadyEndpointAndNeverLoadBalancerIpsFromExcludedNodes() {
        ServiceInfo lb = new ServiceInfo("default", "ingress", "LoadBalancer", List.of("10.96.0.20"), List.of(),
                List.of("203.0.113.10", "2001:db8::10", "100.64.0.1"), "Local");
        EndpointSliceInfo slice = new EndpointSliceInfo("default", "ingress-1", "ingress", Set.of("b", "x"));
        ClusterSnapshot s = snapshot(List.of(lb), List.of(slice));
        assertThat(prefixes(ServiceAdvertisements.compute(s, "a", RANGES)))
                .doesNotContain("203.0.113.10/32", "10.96.0.20/32");
        assertThat(ServiceAdvertisements.compute(s, "b", RANGES)).contains(
                new Route(IpPrefix.parse("10.96.0.20/32"), Reason.LOCAL_ENDPOINT_SERVICE_IP, List.of("default/ingress")),
                new Route(IpPrefix.parse("203.0.113.10/32"), Reason.LOCAL_ENDPOINT_SERVICE_IP, List.of("default/ingress")),
                new Route(IpPrefix.parse("2001:db8::10/128"), Reason.LOCAL_ENDPOINT_SERVICE_IP, List.of("default/ingress")));
        assertThat(prefixes(ServiceAdvertisements.compute(s, "b", RANGES))).doesNotContain("100.64.0.1/32");
        assertThat(prefixes(ServiceAdvertisements.compute(s, "x", RANGES)))
                .contains("10.96.0.20/32").doesNotContain("203.0.113.10/32", "2001:db8::10/128", "203.0.113.0/24");
    }
}

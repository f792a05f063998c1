package io.flatnet.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.agent.api.AgentState.KernelStatus;
import io.flatnet.agent.api.AgentState.RibEntry;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.model.route.AsPath;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.model.route.RouteOrigin;
import io.flatnet.bgp.rib.BestPathOptions;
import io.flatnet.bgp.rib.Rib;
import io.flatnet.bgp.rib.RouteSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Loc-RIB prefix as the API lists it. The Loc-RIB makes a new {@code Path} for each read, so the
 * candidates and the decision of one prefix are different objects for one route: the listing
 * matches them by route.
 */
class LocRibRouteTest {
    private static final IpPrefix PREFIX = IpPrefix.parse("10.244.1.0/26");
    private static final RouteSource TOR1 = RouteSource.ebgp(IpAddress.parse("100.64.0.1"), RouterId.of(1), Asn.of(65001));
    private static final RouteSource TOR2 = RouteSource.ebgp(IpAddress.parse("100.64.0.2"), RouterId.of(2), Asn.of(65002));

    private static RouteAttributes via(IpAddress nextHop, long... asns) {
        return RouteAttributes.of(RouteOrigin.IGP, AsPath.sequence(java.util.Arrays.stream(asns).mapToObj(Asn::of).toArray(Asn[]::new)),
                nextHop);
    }

    @Test
    void theOnlyPathIsListedOnceAsBest() {
        Rib rib = new Rib(BestPathOptions.DEFAULT);
        rib.announce(TOR1, PREFIX, via(IpAddress.parse("100.64.0.1"), 65001));

        V1.LocRibRoute route = V1.locRibRoute(entry(rib), address -> "ebgp");

        assertThat(route.paths()).extracting(V1.RibPath::status).containsExactly("best");
    }

    @Test
    void aLongerPathIsListedAsACandidateAfterTheBest() {
        Rib rib = new Rib(BestPathOptions.DEFAULT);
        rib.announce(TOR1, PREFIX, via(IpAddress.parse("100.64.0.1"), 65001));
        rib.announce(TOR2, PREFIX, via(IpAddress.parse("100.64.0.2"), 65002, 65009));

        V1.LocRibRoute route = V1.locRibRoute(entry(rib), address -> "ebgp");

        assertThat(route.paths()).extracting(V1.RibPath::status, V1.RibPath::peer)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("best", "100.64.0.1"),
                        org.assertj.core.groups.Tuple.tuple("candidate", "100.64.0.2"));
    }

    /** Two reads, as the agent's lookup of one prefix makes them. */
    private static RibEntry entry(Rib rib) {
        var loc = rib.locRib(PREFIX.afi());
        return new RibEntry(PREFIX, loc.candidates(PREFIX), loc.best(PREFIX), new KernelStatus.Disabled());
    }
}

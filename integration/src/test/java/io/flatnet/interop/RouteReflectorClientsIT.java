package io.flatnet.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.lab.BgpConfig;
import io.flatnet.lab.Bird2;
import io.flatnet.lab.DaemonKind;
import io.flatnet.lab.Frr;
import io.flatnet.lab.Lab;
import io.flatnet.lab.Link;
import io.flatnet.lab.Neighbor;
import io.flatnet.lab.Netns;
import io.flatnet.lab.Poll;
import io.flatnet.lab.junit.NetnsTest;
import io.flatnet.reflector.DynamicNeighbors;
import io.flatnet.reflector.PeerTemplate;
import io.flatnet.reflector.StandaloneReflector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * flatnet as a standalone route reflector (RFC 4456) with BIRD 2 and FRR as its clients, all in
 * one AS. The reflector runs in the test JVM on the root ends of two host links and knows neither
 * client: both are dynamic neighbours accepted from the lab's /24. Each client originates one
 * prefix and must learn the other's with ORIGINATOR_ID (the originating client's router id) and
 * CLUSTER_LIST (the reflector's cluster id), as each daemon itself reports them.
 */
@NetnsTest(requires = {DaemonKind.BIRD2, DaemonKind.FRR})
@ExtendWith(PrintSpeakersOnFailure.class)
class RouteReflectorClientsIT {
  static final long AS = InProcessSpeaker.ASN;
  static final String CLUSTER_ID = "100.64.255.1";
  static final String BIRD_PREFIX = "100.66.1.0/24";
  static final String FRR_PREFIX = "100.66.2.0/24";
  static final Duration PATIENCE = Duration.ofSeconds(60);

  InProcessSpeaker reflector;

  @AfterEach
  void stop() {
    if (reflector != null) {
      reflector.close();
    }
  }

  @Test
  void birdAndFrrLearnEachOthersRouteReflectedWithOriginatorIdAndClusterList(Lab lab) {
    Netns birdNs = lab.namespace("bird");
    Netns frrNs = lab.namespace("frr");
    Link toBird = lab.linkToHost(birdNs);
    Link toFrr = lab.linkToHost(frrNs);
    String birdId = toBird.b().ipv4();
    String frrId = toFrr.b().ipv4();

    StandaloneReflector mode = new StandaloneReflector(RouterId.parse(CLUSTER_ID), DynamicNeighbors.of(
        PeerTemplate.clients("lab", IpPrefix.parse(lab.ipv4Block()), Asn.of(AS))));
    reflector = InProcessSpeaker.of(mode.start(
        InProcessSpeaker.listeningConfig(toBird.a().ipv4(), toBird.a().ipv4(), toFrr.a().ipv4())));

    // The clients connect (the lab's daemons are active by default); the reflector never does.
    Bird2 bird = lab.startBird(birdNs, BgpConfig.of(AS, birdId)
        .withNeighbor(Neighbor.between(toBird.b(), toBird.a(), AS)).announcing(BIRD_PREFIX));
    Frr frr = lab.startFrr(frrNs, BgpConfig.of(AS, frrId)
        .withNeighbor(Neighbor.between(toFrr.b(), toFrr.a(), AS)).announcing(FRR_PREFIX));
    bird.awaitEstablished(PATIENCE);
    frr.awaitEstablished(PATIENCE);
    for (String client : List.of(birdId, frrId)) {
      PeerStatus s = reflector.awaitEstablished(client, PATIENCE);
      assertThat(s.listenRange()).as("%s accepted as a dynamic neighbour", client).contains("lab");
    }

    // BIRD learns FRR's prefix: birdc show route all.
    String birdView = Poll.until(PATIENCE, "BIRD to show " + FRR_PREFIX + " with BGP.originator_id",
        () -> Optional.of(bird.birdc("show", "route", "all", "for", FRR_PREFIX).orThrow().stdout())
            .filter(out -> out.contains("BGP.originator_id")), bird::diagnostics);
    assertThat(birdAttribute(birdView, "BGP.originator_id")).as(birdView).isEqualTo(frrId);
    assertThat(birdAttribute(birdView, "BGP.cluster_list")).as(birdView).isEqualTo(CLUSTER_ID);
    assertThat(birdAttribute(birdView, "BGP.next_hop")).as("the reflector keeps the next hop\n%s", birdView)
        .isEqualTo(frrId);

    // FRR learns BIRD's prefix: vtysh show bgp ipv4 unicast PREFIX json.
    JsonNode path = Poll.until(PATIENCE, "FRR to hold " + BIRD_PREFIX + " with an originatorId",
        () -> StreamSupport.stream(frr.showJson("show bgp ipv4 unicast " + BIRD_PREFIX + " json").path("paths")
            .spliterator(), false).filter(p -> p.has("originatorId")).findFirst(), frr::diagnostics);
    assertThat(path.path("originatorId").asText()).as(path.toPrettyString()).isEqualTo(birdId);
    List<String> clusterList = new ArrayList<>();
    path.path("clusterList").path("list").forEach(id -> clusterList.add(id.asText()));
    assertThat(clusterList).as(path.toPrettyString()).containsExactly(CLUSTER_ID);
    assertThat(path.path("nexthops").path(0).path("ip").asText()).as(path.toPrettyString()).isEqualTo(birdId);

    // A client that withdraws: the other loses the route; one that leaves: its dynamic peer goes.
    frr.withdraw(FRR_PREFIX);
    bird.awaitNoRoute(FRR_PREFIX, PATIENCE);
    bird.stop();
    Poll.until(PATIENCE, "the reflector to drop BIRD's dynamic peer",
        () -> reflector.status(birdId).isEmpty() ? Optional.of(true) : Optional.empty(), reflector::describe);
    frr.awaitNoRoute(BIRD_PREFIX, PATIENCE);
  }

  /** The value of one attribute line of {@code birdc show route all}, e.g. "\tBGP.originator_id: 1.2.3.4". */
  private static String birdAttribute(String showRouteAll, String name) {
    return showRouteAll.lines().map(String::strip).filter(l -> l.startsWith(name + ":"))
        .map(l -> l.substring(name.length() + 1).strip()).findFirst().orElse(null);
  }
}

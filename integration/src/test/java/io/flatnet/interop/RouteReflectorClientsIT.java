package io.flatnet.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flatnet.agent.FlatnetMain;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.lab.BgpConfig;
import io.flatnet.lab.Bird2;
import io.flatnet.lab.DaemonKind;
import io.flatnet.lab.Frr;
import io.flatnet.lab.Lab;
import io.flatnet.lab.LabProcess;
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
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * flatnet as a standalone route reflector (RFC 4456) with BIRD 2 and FRR as its clients, all in
 * one AS. The reflector knows neither client: both are dynamic neighbours accepted from the
 * lab's /24. Each client originates one prefix and must learn the other's with ORIGINATOR_ID (the
 * originating client's router id) and CLUSTER_LIST (the reflector's cluster id), as each daemon
 * itself reports them: {@code birdc show route all} and {@code vtysh show bgp ipv4 unicast PREFIX
 * json}. The next hop is the originating client's: a reflector does not change it.
 *
 * <p>Twice: the speaker library in the test JVM (so the test can read its peers directly), and
 * the {@code flatnet} agent itself in a namespace of its own, started with
 * {@code --standalone-reflector} and {@code --listen-range}, whose kernel must stay untouched.
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
  void inProcessReflectorReflectsBetweenBirdAndFrr(Lab lab) {
    Netns birdNs = lab.namespace("bird");
    Netns frrNs = lab.namespace("frr");
    Link toBird = lab.linkToHost(birdNs);
    Link toFrr = lab.linkToHost(frrNs);

    StandaloneReflector mode = new StandaloneReflector(RouterId.parse(CLUSTER_ID), DynamicNeighbors.of(
        PeerTemplate.clients("lab", IpPrefix.parse(lab.ipv4Block()), Asn.of(AS))));
    reflector = InProcessSpeaker.of(mode.start(
        InProcessSpeaker.listeningConfig(toBird.a().ipv4(), toBird.a().ipv4(), toFrr.a().ipv4())));

    Clients clients = startClients(lab, toBird, toFrr);
    for (String client : List.of(clients.birdId(), clients.frrId())) {
      PeerStatus s = reflector.awaitEstablished(client, PATIENCE);
      assertThat(s.listenRange()).as("%s accepted as a dynamic neighbour", client).contains("lab");
    }
    clients.assertEachLearnsTheOthersRouteReflected();

    // A client that withdraws: the other loses the route; one that leaves: its dynamic peer goes.
    clients.frr().withdraw(FRR_PREFIX);
    clients.bird().awaitNoRoute(FRR_PREFIX, PATIENCE);
    clients.bird().stop();
    Poll.until(PATIENCE, "the reflector to drop BIRD's dynamic peer",
        () -> reflector.status(clients.birdId()).isEmpty() ? Optional.of(true) : Optional.empty(),
        reflector::describe);
    clients.frr().awaitNoRoute(BIRD_PREFIX, PATIENCE);
  }

  @Test
  void flatnetAgentAsStandaloneReflectorReflectsAndInstallsNothing(Lab lab) {
    Netns rrNs = lab.namespace("rr");
    Netns birdNs = lab.namespace("bird");
    Netns frrNs = lab.namespace("frr");
    Link toBird = lab.link(rrNs, birdNs);
    Link toFrr = lab.link(rrNs, frrNs);

    LabProcess agent = rrNs.startJava("flatnet-rr", FlatnetMain.class.getName(), List.of(
        "--asn", Long.toString(AS), "--router-id", toBird.a().ipv4(),
        "--listen", toBird.a().ipv4(), "--listen", toFrr.a().ipv4(), "--hold-time", "9",
        "--standalone-reflector", CLUSTER_ID, "--listen-range", lab.ipv4Block() + ",name=lab", "--no-api"));
    agent.awaitLog(Pattern.compile("flatnet started: .*standalone route reflector"), PATIENCE);

    Clients clients = startClients(lab, toBird, toFrr);
    for (String client : List.of(clients.birdId(), clients.frrId())) {
      agent.awaitLog(Pattern.compile("dynamic peer " + Pattern.quote(client) + " AS" + AS
          + " accepted by listen range lab"), PATIENCE);
    }
    clients.assertEachLearnsTheOthersRouteReflected();

    // Reflector-only: the agent programmed nothing, not even blackholes, in its namespace's kernel.
    String routes = rrNs.execOrThrow("ip", "-4", "route", "show", "table", "all").stdout()
        + rrNs.execOrThrow("ip", "-6", "route", "show", "table", "all").stdout();
    assertThat(routes).as("routes in %s", rrNs).doesNotContain(BIRD_PREFIX).doesNotContain(FRR_PREFIX)
        .doesNotContain("proto bgp").doesNotContain("proto 186");
    assertThat(agent.isAlive()).isTrue();
  }

  record Clients(Bird2 bird, Frr frr, String birdId, String frrId) {
    void assertEachLearnsTheOthersRouteReflected() {
      // BIRD learns FRR's prefix: birdc show route all.
      String birdView = Poll.until(PATIENCE, "BIRD to show " + FRR_PREFIX + " with BGP.originator_id",
          () -> Optional.of(bird.birdc("show", "route", "all", "for", FRR_PREFIX).orThrow().stdout())
              .filter(out -> out.contains("BGP.originator_id")), bird::diagnostics);
      assertThat(birdAttribute(birdView, "BGP.originator_id")).as(birdView).isEqualTo(frrId);
      assertThat(birdAttribute(birdView, "BGP.cluster_list")).as(birdView).isEqualTo(CLUSTER_ID);
      assertThat(birdAttribute(birdView, "BGP.next_hop")).as("next hop kept\n%s", birdView).isEqualTo(frrId);

      // FRR learns BIRD's prefix: vtysh show bgp ipv4 unicast PREFIX json.
      JsonNode path = Poll.until(PATIENCE, "FRR to hold " + BIRD_PREFIX + " with an originatorId",
          () -> StreamSupport.stream(frr.showJson("show bgp ipv4 unicast " + BIRD_PREFIX + " json").path("paths")
              .spliterator(), false).filter(p -> p.has("originatorId")).findFirst(), frr::diagnostics);
      assertThat(path.path("originatorId").asText()).as(path.toPrettyString()).isEqualTo(birdId);
      List<String> clusterList = new ArrayList<>();
      path.path("clusterList").path("list").forEach(id -> clusterList.add(id.asText()));
      assertThat(clusterList).as(path.toPrettyString()).containsExactly(CLUSTER_ID);
      assertThat(path.path("nexthops").path(0).path("ip").asText()).as(path.toPrettyString()).isEqualTo(birdId);
    }
  }

  /**
   * BIRD and FRR on the {@code b} ends of the links, each with the reflector's {@code a} end as
   * its one iBGP neighbour, connecting actively (the reflector only listens), each originating its prefix.
   */
  private static Clients startClients(Lab lab, Link toBird, Link toFrr) {
    String birdId = toBird.b().ipv4();
    String frrId = toFrr.b().ipv4();
    Bird2 bird = lab.startBird(toBird.b().ns(), BgpConfig.of(AS, birdId)
        .withNeighbor(Neighbor.between(toBird.b(), toBird.a(), AS)).announcing(BIRD_PREFIX));
    Frr frr = lab.startFrr(toFrr.b().ns(), BgpConfig.of(AS, frrId)
        .withNeighbor(Neighbor.between(toFrr.b(), toFrr.a(), AS)).announcing(FRR_PREFIX));
    bird.awaitEstablished(PATIENCE);
    frr.awaitEstablished(PATIENCE);
    return new Clients(bird, frr, birdId, frrId);
  }

  /** The value of one attribute line of {@code birdc show route all}, e.g. "\tBGP.originator_id: 1.2.3.4". */
  private static String birdAttribute(String showRouteAll, String name) {
    return showRouteAll.lines().map(String::strip).filter(l -> l.startsWith(name + ":"))
        .map(l -> l.substring(name.length() + 1).strip()).findFirst().orElse(null);
  }
}

package io.flatnet.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.badinput.AgentUnderTest.Kind;
import io.flatnet.badinput.RawPeer.Notification;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.session.NotificationRecord;
import io.flatnet.bgp.session.PeerStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 7606 against a live agent over TCP: every case of bgp-speaker's malformed corpus is sent by
 * a raw-socket peer ({@link RawPeer}) on a fresh session, the outcome the corpus pins is checked
 * from both ends, and a sentinel route then proves the session (or, after a reset, the next one)
 * still carries routes. UPDATE cases run on an eBGP, an iBGP and a route-reflector-client session
 * (the corpus's {@code ibgp} cases on the internal two, its "ebgp" case on the external one);
 * header and OPEN cases on the eBGP session. Each case has its own prefix: the corpus's
 * 10.1.0.0/24 and 2001:db8:1::/64 are moved to 100.64.0.0/10 and fd00:64::/32 per case.
 *
 * <p>What each expected action means on the wire:
 * <ul>
 * <li>SESSION_RESET c/s: the sender receives NOTIFICATION c/s (with the corpus's data, if it
 *     names one), the agent records it as sent, the route is gone, and a new session carries the
 *     sentinel;
 * <li>TREAT_AS_WITHDRAW: the case's route, announced cleanly first, is gone once the sentinel sent
 *     after the crafted message arrives; the session keeps its Established time;
 * <li>AFISAFI_DISABLE: routes of the family the bad MP attribute names are gone, the sentinel
 *     of the other family arrives; when that family was the only one negotiated there is nothing
 *     left to keep, and the session is reset with the error's NOTIFICATION (3/9);
 * <li>ATTRIBUTE_DISCARD and NONE: the route is there (or gone, when the message withdraws it).
 * </ul>
 * Throughout, a second, healthy session on the same agent keeps its Established time and its
 * routes both ways.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Rfc7606LiveTest {
    static final int MIN_LIVE_CASES = 60;
    static final Duration PATIENCE = AgentUnderTest.PATIENCE;
    /** The code the decision table gives every AFI/SAFI disable error (3/9). */
    static final String AFISAFI_CODE = "3/9";

    AgentUnderTest net;
    final List<String> outcomes = new ArrayList<>();

    @BeforeAll
    void start() {
        net = new AgentUnderTest();
    }

    @AfterAll
    void stop() {
        if (net != null) {
            net.close();
        }
    }

    /** Every corpus case on every kind of session it applies to, numbered for its prefix. */
    static Stream<Arguments> liveCases() {
        List<Arguments> out = new ArrayList<>();
        for (CorpusCase c : CorpusCase.all()) {
            for (Kind k : Kind.values()) {
                boolean applies = c.isUpdate()
                        ? (k == Kind.EBGP ? !c.internalOnly() : !c.externalOnly())
                        : k == Kind.EBGP;
                if (applies) {
                    out.add(Arguments.of(k, c, out.size() + 1));
                }
            }
        }
        return out.stream();
    }

    @Test
    @Order(0)
    void corpusGivesEnoughLiveCases() {
        assertThat(liveCases().count()).isGreaterThanOrEqualTo(MIN_LIVE_CASES);
        assertThat(liveCases().map(a -> a.get()[0]).distinct()).containsExactlyInAnyOrder((Object[]) Kind.values());
    }

    @Order(1)
    @ParameterizedTest(name = "[{2}] {0} {1}")
    @MethodSource("liveCases")
    void agentAppliesTheCorpusVerdict(Kind kind, CorpusCase c, int n) {
        if (c.isOpen()) {
            openCase(kind, c, n);
        } else if (c.isUpdate()) {
            updateCase(kind, c, n);
        } else {
            establishedCase(kind, c, n);
        }
        net.assertHealthyUntouched();
    }

    @Test
    @Order(2)
    void healthySessionNeverNoticed() {
        net.assertHealthyUntouched();
        PeerStatus s = net.status(IpAddress.parse(AgentUnderTest.HEALTHY));
        assertThat(s.lastNotificationSent()).isEmpty();
        assertThat(s.lastNotificationReceived()).isEmpty();
        // The figures docs/reliability.md quotes.
        System.out.println("RFC 7606 live cases: " + outcomes.size());
        outcomes.stream().collect(java.util.stream.Collectors.groupingBy(o -> o.substring(0, o.indexOf(' ')) + " "
                + o.substring(o.indexOf(": ") + 2).split(",")[0].replaceAll(" [0-9]+/[0-9]+", ""),
                java.util.TreeMap::new, java.util.stream.Collectors.counting()))
                .forEach((k, v) -> System.out.println("  " + k + ": " + v));
    }

    // ---- the three shapes of case

    private void updateCase(Kind kind, CorpusCase c, int n) {
        String action = c.action();
        String code = c.expectCode();
        boolean v6Session = c.ipv6();
        int disabledAfi = action.equals("AFISAFI_DISABLE") ? c.mpAfi() : 0;
        if (disabledAfi != 0 && !v6Session) {
            // The session has one family, the one named: nothing would be left to keep.
            action = "SESSION_RESET";
            code = c.expectCode().isEmpty() ? AFISAFI_CODE : c.expectCode();
        }
        IpPrefix v4 = casePrefixV4(n);
        IpPrefix v6 = casePrefixV6(n);
        boolean routeIsV6 = v6Session && (c.mentionsV6() && !c.mentionsV4() || disabledAfi == 2);
        IpPrefix route = routeIsV6 ? v6 : v4;
        IpPrefix sentinel = disabledAfi == 1 && v6Session ? sentinelV6(n) : sentinelV4(n);

        RawPeer.Open open = openFor(kind, c);
        try (RawPeer peer = establish(kind, open)) {
            PeerStatus up = net.status(kind.ip());
            peer.send(CleanUpdates.announce(route, CorpusCase.CORPUS_AS, open.fourOctetAs(), open.addPathIpv4()));
            net.awaitRoute(kind.ip(), route);

            peer.send(c.withPrefix(CleanUpdates.nlriHex(v4), CleanUpdates.nlriHex(v6)));

            if (action.equals("SESSION_RESET")) {
                expectReset(kind, peer, c, code, c.dataWithPrefix(CleanUpdates.nlriHex(v4), CleanUpdates.nlriHex(v6)));
                assertThat(net.route(kind.ip(), route)).as("routes of a reset session").isEmpty();
                sentinelOnNewSession(kind, n);
                record(kind, c, "reset " + code);
                return;
            }
            peer.send(CleanUpdates.announce(sentinel, CorpusCase.CORPUS_AS, open.fourOctetAs(), open.addPathIpv4()));
            net.awaitRoute(kind.ip(), sentinel);
            boolean present = net.route(kind.ip(), route).isPresent();
            boolean expectPresent = switch (action) {
                case "TREAT_AS_WITHDRAW", "AFISAFI_DISABLE" -> false;
                default -> !c.withdrawsItsPrefix();
            };
            assertThat(present).as(c.name() + " on " + kind + ": " + route + " in the Adj-RIB-In after " + action)
                    .isEqualTo(expectPresent);
            assertSessionKept(kind, peer, up);
            record(kind, c, action.toLowerCase() + (expectPresent ? ", route kept" : ", route gone") + ", sentinel in");
        }
        awaitDown(kind);
    }

    private void openCase(Kind kind, CorpusCase c, int n) {
        RawPeer peer = RawPeer.connect(kind.address, net.address());
        try {
            peer.send(c.withPrefix("", ""));
            if (c.action().equals("SESSION_RESET")) {
                expectReset(kind, peer, c, c.expectCode(), c.data());
                sentinelOnNewSession(kind, n);
                record(kind, c, "reset " + c.expectCode());
                return;
            }
            assertThat(peer.awaitType(RawPeer.OPEN, PATIENCE) && peer.awaitType(RawPeer.KEEPALIVE, PATIENCE))
                    .as(c.name() + ": the agent accepts the OPEN").isTrue();
            peer.send(RawPeer.KEEPALIVE_MESSAGE);
            net.awaitStatus(kind.ip(), "Established", s -> s.state() == SessionState.ESTABLISHED);
            // These OPENs carry no 4-octet AS capability: a 2-octet AS_PATH.
            peer.send(CleanUpdates.announce(sentinelV4(n), kind.asn, false));
            net.awaitRoute(kind.ip(), sentinelV4(n));
            record(kind, c, "accepted, sentinel in");
        } finally {
            peer.close();
            awaitDown(kind);
        }
    }

    /** Header, KEEPALIVE, ROUTE-REFRESH and NOTIFICATION cases, sent on an Established session. */
    private void establishedCase(Kind kind, CorpusCase c, int n) {
        try (RawPeer peer = establish(kind, openFor(kind, c))) {
            PeerStatus up = net.status(kind.ip());
            peer.send(c.withPrefix("", ""));
            if (c.isNotification()) {
                // A NOTIFICATION ends the session whatever is in it, and is never answered with
                // one (RFC 4271 §6.4): the agent closes, sends nothing, and records what it got.
                assertThat(peer.awaitClosed(PATIENCE)).as(c.name() + ": the agent closes").isTrue();
                assertThat(peer.awaitNotification(Duration.ZERO)).as(c.name() + ": no NOTIFICATION in reply").isEmpty();
                sentinelOnNewSession(kind, n);
                record(kind, c, "closed without a NOTIFICATION in reply");
                return;
            }
            if (c.action().equals("SESSION_RESET")) {
                expectReset(kind, peer, c, c.expectCode(), c.data());
                sentinelOnNewSession(kind, n);
                record(kind, c, "reset " + c.expectCode());
                return;
            }
            peer.send(CleanUpdates.announce(sentinelV4(n), kind.asn, true));
            net.awaitRoute(kind.ip(), sentinelV4(n));
            assertSessionKept(kind, peer, up);
            record(kind, c, "ignored, sentinel in");
        }
        awaitDown(kind);
    }

    // ---- helpers

    private RawPeer.Open openFor(Kind kind, CorpusCase c) {
        return RawPeer.Open.of(kind.asn, kind.address).withFourOctetAs(c.isUpdate() ? c.fourOctetAs() : true)
                .withIpv6(c.isUpdate() && c.ipv6()).withAddPathIpv4(c.addPath()).withExtendedMessages(c.extendedMessages());
    }

    private RawPeer establish(Kind kind, RawPeer.Open open) {
        RawPeer peer = RawPeer.establish(kind.address, net.address(), open, PATIENCE);
        net.awaitStatus(kind.ip(), "Established", s -> s.state() == SessionState.ESTABLISHED);
        return peer;
    }

    private void expectReset(Kind kind, RawPeer peer, CorpusCase c, String code, String data) {
        Optional<Notification> got = peer.awaitNotification(PATIENCE);
        assertThat(got).as(c.name() + " on " + kind + ": NOTIFICATION received by the sender").isPresent();
        assertThat(got.get().code() + "/" + got.get().subcode()).as(c.name() + ": code/subcode").isEqualTo(code);
        if (data != null) {
            assertThat(got.get().hexData()).as(c.name() + ": NOTIFICATION data").isEqualTo(data);
        }
        PeerStatus after = net.awaitStatus(kind.ip(), "down after the reset", s -> s.state() != SessionState.ESTABLISHED);
        assertThat(after.lastNotificationSent()).hasValueSatisfying((NotificationRecord r) ->
                assertThat(r.code() + "/" + r.subcode()).isEqualTo(code));
    }

    private void sentinelOnNewSession(Kind kind, int n) {
        awaitDown(kind);
        try (RawPeer again = establish(kind, RawPeer.Open.of(kind.asn, kind.address))) {
            again.send(CleanUpdates.announce(sentinelV4(n), CorpusCase.CORPUS_AS, true));
            net.awaitRoute(kind.ip(), sentinelV4(n));
        }
        awaitDown(kind);
    }

    private void assertSessionKept(Kind kind, RawPeer peer, PeerStatus up) {
        PeerStatus now = net.status(kind.ip());
        assertThat(now.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(now.since()).as("Established since").isEqualTo(up.since());
        assertThat(now.flaps()).isEqualTo(up.flaps());
        assertThat(peer.isClosed()).as("the sender's connection closed").isFalse();
    }

    private void awaitDown(Kind kind) {
        net.awaitStatus(kind.ip(), "not Established", s -> s.state() != SessionState.ESTABLISHED);
    }

    private void record(Kind kind, CorpusCase c, String what) {
        outcomes.add(kind + " " + c.name() + ": " + what);
    }

    static IpPrefix casePrefixV4(int n) {
        return IpPrefix.parse("100." + (64 + (n >> 8)) + "." + (n & 0xff) + ".0/24");
    }

    static IpPrefix sentinelV4(int n) {
        return IpPrefix.parse("100." + (96 + (n >> 8)) + "." + (n & 0xff) + ".0/24");
    }

    static IpPrefix casePrefixV6(int n) {
        return IpPrefix.parse("fd00:64:" + Integer.toHexString(n) + "::/64");
    }

    static IpPrefix sentinelV6(int n) {
        return IpPrefix.parse("fd00:65:" + Integer.toHexString(n) + "::/64");
    }
}

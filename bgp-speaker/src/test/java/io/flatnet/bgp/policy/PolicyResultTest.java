package io.flatnet.bgp.policy;

import static io.flatnet.bgp.policy.PolicyFixtures.LOCAL;
import static io.flatnet.bgp.policy.PolicyFixtures.TOR;
import static io.flatnet.bgp.policy.PolicyFixtures.attrs;
import static io.flatnet.bgp.policy.PolicyFixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.route.RouteAttributes;
import org.junit.jupiter.api.Test;

class PolicyResultTest {
    private static final IpPrefix P = prefix("10.244.1.0/26");
    private static final RouteAttributes A = attrs().build();

    @Test
    void acceptedWithTheSameInstanceIsUnchanged() {
        assertThat(PolicyResult.accepted(A, A)).isSameAs(PolicyResult.unchanged());
        assertThat(PolicyResult.unchanged().attributes(A)).isSameAs(A);
        RouteAttributes b = A.withMed(1);
        assertThat(PolicyResult.accepted(A, b).attributes(A)).isSameAs(b);
        assertThat(PolicyResult.rejected("no").attributes(A)).isNull();
        assertThat(PolicyResult.rejected("no").isRejected()).isTrue();
    }

    @Test
    void chainingStopsAtTheFirstRejection() {
        ExportPolicy reject = (p, a, s, t) -> PolicyResult.rejected("first");
        ExportPolicy never = (p, a, s, t) -> {
            throw new AssertionError("not called after a rejection");
        };
        PolicyResult r = reject.then(never).exportRoute(P, A, LOCAL, TOR);
        assertThat(((PolicyResult.Rejected) r).reason()).isEqualTo("first");
    }

    @Test
    void chainingPassesChangedAttributesOn() {
        ExportPolicy med = (p, a, s, t) -> PolicyResult.accepted(a, a.withMed(5));
        ExportPolicy pref = (p, a, s, t) -> {
            assertThat(a.med()).hasValue(5);
            return PolicyResult.accepted(a, a.withLocalPref(300));
        };
        RouteAttributes out = med.then(pref).exportRoute(P, A, LOCAL, TOR).attributes(A);
        assertThat(out.med()).hasValue(5);
        assertThat(out.localPref()).hasValue(300);
        ImportPolicy i1 = (p, a, f) -> PolicyResult.accepted(a, a.withMed(5));
        PolicyResult r = i1.then(ImportPolicy.acceptAll()).importRoute(P, A, TOR);
        assertThat(r.attributes(A).med()).hasValue(5);
    }
}

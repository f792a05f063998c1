package io.flatnet.bgp.policy;

import static io.flatnet.bgp.policy.PolicyFixtures.LOCAL;
import static io.flatnet.bgp.policy.PolicyFixtures.NODE_A;
import static io.flatnet.bgp.policy.PolicyFixtures.TOR;
import static io.flatnet.bgp.policy.PolicyFixtures.attrs;
import static io.flatnet.bgp.policy.PolicyFixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.LargeCommunity;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefixAdvertisementsTest {
    private static final Community NO_EXPORT_TAG = Community.parse("64512:100");
    private static final Community SERVICE_TAG = Community.parse("64512:200");
    private static final LargeCommunity LARGE = LargeCommunity.parse("64512:1:1");
    private static final PrefixAdvertisements ADS = PrefixAdvertisements.of(
            PrefixAdvertisement.of("10.244.0.0/16", List.of(NO_EXPORT_TAG), List.of(LARGE)),
            PrefixAdvertisement.of("10.244.1.0/24", List.of(NO_EXPORT_TAG, SERVICE_TAG), List.of()));
    private static final RouteAttributes OWN = attrs().build();

    @Test
    void everyEntryContainingThePrefixContributesOnce() {
        RouteAttributes out = ADS.apply(prefix("10.244.1.0/26"), OWN);
        assertThat(out.communities()).containsExactly(NO_EXPORT_TAG, SERVICE_TAG);
        assertThat(out.largeCommunities()).containsExactly(LARGE);
    }

    @Test
    void onlyEntriesContainingThePrefixApply() {
        assertThat(ADS.apply(prefix("10.244.2.0/26"), OWN).communities()).containsExactly(NO_EXPORT_TAG);
        assertThat(ADS.apply(prefix("10.0.0.0/8"), OWN)).as("shorter than every cidr").isSameAs(OWN);
        assertThat(ADS.apply(prefix("fd00::/64"), OWN)).isSameAs(OWN);
    }

    @Test
    void communitiesAlreadyCarriedAreNotRepeated() {
        RouteAttributes tagged = attrs().communities(List.of(NO_EXPORT_TAG)).largeCommunities(List.of(LARGE)).build();
        assertThat(ADS.apply(prefix("10.244.7.0/26"), tagged)).isSameAs(tagged);
    }

    @Test
    void asAnExportHookItTouchesOnlyLocalRoutes() {
        ExportPolicy hook = ADS.asExportPolicy();
        assertThat(hook.exportRoute(prefix("10.244.1.0/26"), OWN, LOCAL, TOR).attributes(OWN).communities())
                .containsExactly(NO_EXPORT_TAG, SERVICE_TAG);
        assertThat(hook.exportRoute(prefix("10.244.1.0/26"), OWN, NODE_A, TOR)).isSameAs(PolicyResult.unchanged());
    }
}

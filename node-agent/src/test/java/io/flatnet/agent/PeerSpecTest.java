package io.flatnet.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.PeerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeerSpecTest {

    @Test
    void readsEverySetting() {
        PeerConfig p = PeerSpec.parse("100.64.0.2,as=4200000001,port=1179,password=s3cret,passive,hold=30,"
                + "ttl-security=1,max-prefixes=1000");
        assertThat(p.address()).isEqualTo(IpAddress.parse("100.64.0.2"));
        assertThat(p.remoteAsn()).isEqualTo(Asn.of(4200000001L));
        assertThat(p.port()).isEqualTo(1179);
        assertThat(p.md5Password()).isEqualTo("s3cret");
        assertThat(p.passive()).isTrue();
        assertThat(p.holdTime()).contains(Duration.ofSeconds(30));
        assertThat(p.ttlSecurityHops()).isEqualTo(1);
        assertThat(p.maxPrefixes()).isEqualTo(1000);
    }

    @Test
    void policyIsNoneUnlessDefaultsAreAskedFor() {
        assertThat(PeerSpec.parse("100.64.0.2,as=65001").policy()).isEqualTo(PeerPolicy.none());
        assertThat(PeerSpec.parse("100.64.0.2,as=65001,policy=defaults").policy()).isEqualTo(PeerPolicy.defaults());
        assertThatThrownBy(() -> PeerSpec.parse("100.64.0.2,as=65001,policy=all"))
                .hasMessageContaining("policy is 'defaults' (accept in, export own prefixes) or 'none' (RFC 8212), not 'all'");
    }

    /** Error messages end up in logs and terminals: they repeat the value with the key masked. */
    @Test
    void errorsNeverRepeatThePassword() {
        assertThatThrownBy(() -> PeerSpec.parse("100.64.0.2,password=Sekr1t-Key,as=65001,hold=x"))
                .hasMessage("--peer 100.64.0.2,password=***,as=65001,hold=x: 'hold=x' needs a number after '='");
        assertThatThrownBy(() -> PeerSpec.parse("100.64.0.2,password=Sekr1t-Key"))
                .hasMessageNotContaining("Sekr1t-Key").hasMessageContaining("the peer's AS is missing");
        assertThatThrownBy(() -> PeerSpec.parse("100.64.0.2,as=65001,password=" + "k".repeat(81)))
                .hasMessageNotContaining("kkk").hasMessageContaining("1..80 characters");
    }

    @Test
    void asdotNotationIsAccepted() {
        assertThat(PeerSpec.parse("fd00::1,as=64086.59905").remoteAsn()).isEqualTo(Asn.of(4200000001L));
    }

    @Test
    void missingAsIsNamedWithTheFix() {
        assertThatThrownBy(() -> PeerSpec.parse("100.64.0.2"))
                .hasMessage("--peer 100.64.0.2: the peer's AS is missing: add ',as=NUMBER'");
    }

    @Test
    void badAddressUnknownKeyAndBadNumberAreNamed() {
        assertThatThrownBy(() -> PeerSpec.parse("router1,as=1")).hasMessageContaining("'router1' is not an IP address");
        assertThatThrownBy(() -> PeerSpec.parse("100.64.0.2,as=1,colour=red"))
                .hasMessageContaining("unknown setting 'colour'");
        assertThatThrownBy(() -> PeerSpec.parse("100.64.0.2,as=1,port=x")).hasMessageContaining("'port=x' needs a number");
        assertThatThrownBy(() -> PeerSpec.parse("100.64.0.2,as=1,hold=2")).hasMessageContaining("hold time");
    }
}

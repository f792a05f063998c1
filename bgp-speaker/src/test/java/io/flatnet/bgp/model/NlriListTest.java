package io.flatnet.bgp.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NlriListTest {

    @Test
    void addressOctetsCountEachLengthRoundedUpToWholeOctets() {
        NlriList list = NlriList.builder(Afi.IPV4, true, 1) // capacity 1: the count survives growing
                .add(7, IpPrefix.parse("0.0.0.0/0"))
                .add(IpPrefix.parse("10.0.0.0/8"))
                .addV4(0, 0x0a010200, 24)
                .addV4(0, 0x0a010280, 25)
                .add(IpPrefix.parse("10.1.2.3/32"))
                .build();
        assertThat(list.addressOctets()).isEqualTo(0 + 1 + 3 + 4 + 4);
        assertThat(list.slice(1, 3).addressOctets()).isEqualTo(4);
        assertThat(list.slice(0, 5).addressOctets()).isEqualTo(12);
        assertThat(list.slice(2, 2).addressOctets()).isZero();

        NlriList v6 = NlriList.of(IpPrefix.parse("2001:db8::/32"), IpPrefix.parse("2001:db8::1/128"), IpPrefix.parse("::/0"),
                IpPrefix.parse("2001:db8:0:1::/65"));
        assertThat(v6.addressOctets()).isEqualTo(4 + 16 + 0 + 9);
        assertThat(NlriList.empty(Afi.IPV6).addressOctets()).isZero();
    }
}

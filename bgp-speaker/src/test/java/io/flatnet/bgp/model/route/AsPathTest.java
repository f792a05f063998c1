package io.flatnet.bgp.model.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.Asn;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsPathTest {
    private static final Asn A = Asn.of(65001);
    private static final Asn B = Asn.of(65002);
    private static final Asn C = Asn.of(65003);

    @Test
    void decisionLengthCountsAsSetOnceAndConfederationsNot() {
        AsPath path = AsPath.of(
                new AsPathSegment(AsPathSegment.Type.CONFED_SEQUENCE, List.of(Asn.of(64600), Asn.of(64601))),
                new AsPathSegment(AsPathSegment.Type.CONFED_SET, List.of(Asn.of(64602))),
                AsPathSegment.sequence(A, B),
                AsPathSegment.set(B, C, Asn.of(65004)));

        assertThat(path.decisionLength()).isEqualTo(3);
        assertThat(AsPath.EMPTY.decisionLength()).isZero();
    }

    @Test
    void neighbourAsSkipsConfederationSegments() {
        AsPath path = AsPath.of(new AsPathSegment(AsPathSegment.Type.CONFED_SEQUENCE, List.of(Asn.of(64600))),
                AsPathSegment.sequence(B, C));

        assertThat(path.neighbourAs()).contains(B);
        assertThat(AsPath.sequence(A, B).neighbourAs()).contains(A);
        assertThat(AsPath.EMPTY.neighbourAs()).isEmpty();
        assertThat(AsPath.of(AsPathSegment.set(A, B)).neighbourAs()).isEmpty();
    }

    @Test
    void containsLooksInEverySegment() {
        AsPath path = AsPath.of(AsPathSegment.sequence(A), AsPathSegment.set(B));

        assertThat(path.contains(B)).isTrue();
        assertThat(path.contains(C)).isFalse();
    }

    @Test
    void prependJoinsTheLeadingSequence() {
        assertThat(AsPath.sequence(B, C).prepend(A, 2)).isEqualTo(AsPath.sequence(A, A, B, C));
        assertThat(AsPath.EMPTY.prepend(A, 1)).isEqualTo(AsPath.sequence(A));
        assertThat(AsPath.of(AsPathSegment.set(B)).prepend(A, 1))
                .isEqualTo(AsPath.of(AsPathSegment.sequence(A), AsPathSegment.set(B)));
        assertThat(AsPath.sequence(B).prepend(A, 0)).isEqualTo(AsPath.sequence(B));
    }

    @Test
    void prependBeyond255StartsNewSegmentsAndKeepsTheLength() {
        AsPath long254 = new AsPath(List.of(new AsPathSegment(AsPathSegment.Type.SEQUENCE, Collections.nCopies(254, B))));

        AsPath out = long254.prepend(A, 3);

        assertThat(out.decisionLength()).isEqualTo(257);
        assertThat(out.segments()).hasSize(2);
        assertThat(out.segments().get(0).asns()).containsExactly(A, A);
        assertThat(out.segments().get(1).asns()).hasSize(255).startsWith(A, B);
        assertThat(out.neighbourAs()).contains(A);
    }

    @Test
    void segmentsHoldOneTo255Asns() {
        assertThatThrownBy(() -> new AsPathSegment(AsPathSegment.Type.SEQUENCE, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

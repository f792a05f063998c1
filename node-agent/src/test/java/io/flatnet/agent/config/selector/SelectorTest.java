package io.flatnet.agent.config.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorTest {
    private static final Map<String, String> RR = Map.of("rr", "true", "rack", "r1", "topology.kubernetes.io/zone", "a");
    private static final Map<String, String> PLAIN = Map.of("rack", "r2");

    private static boolean m(String selector, Map<String, String> labels) {
        return Selector.parse(selector).matches(labels);
    }

    @Test
    void eachFormMatchesAsCalicoDoes() {
        assertThat(m("all()", Map.of())).isTrue();
        assertThat(m("rack == 'r1'", RR)).isTrue();
        assertThat(m("rack == \"r1\"", PLAIN)).isFalse();
        assertThat(m("rack != 'r1'", PLAIN)).isTrue();
        assertThat(m("missing != 'x'", PLAIN)).as("!= matches an absent label").isTrue();
        assertThat(m("has(rr)", RR)).isTrue();
        assertThat(m("!has(rr)", RR)).isFalse();
        assertThat(m("rack in {'r1', 'r3'}", RR)).isTrue();
        assertThat(m("rack in {}", RR)).isFalse();
        assertThat(m("rack not in {'r1'}", PLAIN)).isTrue();
        assertThat(m("missing not in {'r1'}", PLAIN)).isTrue();
        assertThat(m("topology.kubernetes.io/zone == 'a'", RR)).isTrue();
    }

    @Test
    void andBindsTighterThanOr() {
        assertThat(m("has(rr) && rack == 'r2' || rack == 'r2'", PLAIN)).isTrue();
        assertThat(m("has(rr) && (rack == 'r2' || rack == 'r1')", RR)).isTrue();
        assertThat(m("!(has(rr) || rack == 'r2')", PLAIN)).isFalse();
        assertThat(Selector.parse("a == 'x' && (b == 'y' || has(c))"))
                .isEqualTo(new Selector.And(new Selector.Equals("a", "x"),
                        new Selector.Or(new Selector.Equals("b", "y"), new Selector.Has("c"))));
    }

    @Test
    void printsACanonicalFormThatParsesBack() {
        for (String s : new String[] {"all()", "!has(rr)", "a in {'x', 'y'} && (b != 'z' || c not in {'q'})"}) {
            Selector parsed = Selector.parse(s);
            assertThat(Selector.parse(parsed.toString())).isEqualTo(parsed);
        }
        assertThat(Selector.parse("a==\"1\"&&has(b)")).hasToString("a == '1' && has(b)");
    }

    @Test
    void errorsSayWhereAndWhatIsExpected() {
        assertThatThrownBy(() -> Selector.parse("rack = 'r1'"))
                .hasMessage("at column 6: expected '==', '!=', 'in' or 'not in' after label 'rack', found '=' (write '==')");
        assertThatThrownBy(() -> Selector.parse("rack == r1"))
                .hasMessage("at column 9: expected a quoted value such as 'value', found 'r1'");
        assertThatThrownBy(() -> Selector.parse("has(rr"))
                .hasMessage("at column 7: expected ')' after has(rr, found the end");
        assertThatThrownBy(() -> Selector.parse("a == 'x' b == 'y'"))
                .hasMessage("at column 10: expected '&&', '||' or the end, found 'b'");
        assertThatThrownBy(() -> Selector.parse("(a == 'x'"))
                .hasMessage("at column 10: expected ')' to close the '(', found the end");
        assertThatThrownBy(() -> Selector.parse("a in {'x' 'y'}"))
                .hasMessage("at column 11: expected '}' to close the set (values are separated by ','), found ''y'}'");
        assertThatThrownBy(() -> Selector.parse("a == 'x"))
                .hasMessage("at column 6: the value opened with ' is never closed");
        assertThatThrownBy(() -> Selector.parse("  ")).hasMessage("at column 3: the selector is empty; write all() to select everything");
        assertThatThrownBy(() -> Selector.parse("&& a")).isInstanceOf(SelectorSyntaxException.class)
                .hasMessageContaining("expected a label name");
    }
}

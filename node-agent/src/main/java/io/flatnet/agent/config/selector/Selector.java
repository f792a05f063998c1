package io.flatnet.agent.config.selector;

import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A parsed label selector. Matching follows Calico's semantics: {@code k != 'v'} and
 * {@code k not in {...}} also match a resource that has no label {@code k} at all.
 * {@link #toString()} prints a canonical form that parses back to an equal value.
 */
public sealed interface Selector {

    boolean matches(Map<String, String> labels);

    /** Parses selector text; throws {@link SelectorSyntaxException} naming the column. */
    static Selector parse(String text) {
        return new SelectorParser(text).parse();
    }

    /** {@code all()}: every resource. */
    record All() implements Selector {
        @Override public boolean matches(Map<String, String> labels) { return true; }
        @Override public String toString() { return "all()"; }
    }

    record Has(String key) implements Selector {
        public Has { Objects.requireNonNull(key, "key"); }
        @Override public boolean matches(Map<String, String> labels) { return labels.containsKey(key); }
        @Override public String toString() { return "has(" + key + ")"; }
    }

    record Equals(String key, String value) implements Selector {
        public Equals { Objects.requireNonNull(key, "key"); Objects.requireNonNull(value, "value"); }
        @Override public boolean matches(Map<String, String> labels) { return value.equals(labels.get(key)); }
        @Override public String toString() { return key + " == " + quote(value); }
    }

    record NotEquals(String key, String value) implements Selector {
        public NotEquals { Objects.requireNonNull(key, "key"); Objects.requireNonNull(value, "value"); }
        @Override public boolean matches(Map<String, String> labels) { return !value.equals(labels.get(key)); }
        @Override public String toString() { return key + " != " + quote(value); }
    }

    record In(String key, SortedSet<String> values) implements Selector {
        public In { Objects.requireNonNull(key, "key"); values = new TreeSet<>(values); }
        @Override public boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return v != null && values.contains(v);
        }
        @Override public String toString() { return key + " in " + set(values); }
    }

    record NotIn(String key, SortedSet<String> values) implements Selector {
        public NotIn { Objects.requireNonNull(key, "key"); values = new TreeSet<>(values); }
        @Override public boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return v == null || !values.contains(v);
        }
        @Override public String toString() { return key + " not in " + set(values); }
    }

    record Not(Selector inner) implements Selector {
        public Not { Objects.requireNonNull(inner, "inner"); }
        @Override public boolean matches(Map<String, String> labels) { return !inner.matches(labels); }
        @Override public String toString() { return "!" + group(inner); }
    }

    record And(Selector left, Selector right) implements Selector {
        public And { Objects.requireNonNull(left, "left"); Objects.requireNonNull(right, "right"); }
        @Override public boolean matches(Map<String, String> labels) {
            return left.matches(labels) && right.matches(labels);
        }
        @Override public String toString() {
            return (left instanceof Or ? group(left) : left) + " && " + (right instanceof Or ? group(right) : right);
        }
    }

    record Or(Selector left, Selector right) implements Selector {
        public Or { Objects.requireNonNull(left, "left"); Objects.requireNonNull(right, "right"); }
        @Override public boolean matches(Map<String, String> labels) {
            return left.matches(labels) || right.matches(labels);
        }
        @Override public String toString() { return left + " || " + right; }
    }

    private static String quote(String value) {
        return value.contains("'") ? "\"" + value + "\"" : "'" + value + "'";
    }

    private static String set(SortedSet<String> values) {
        return values.stream().map(Selector::quote).collect(Collectors.joining(", ", "{", "}"));
    }

    private static String group(Selector s) {
        return s instanceof And || s instanceof Or ? "(" + s + ")" : s.toString();
    }
}

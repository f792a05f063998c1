package io.flatnet.agent.config.file;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line it starts on. Jackson's tree model drops token locations, and an
 * error that cannot say where it is sends the operator hunting; so the loader builds this small
 * tree from Jackson's YAML token stream instead and binds it by hand.
 */
sealed interface YamlNode {

    /** 1-based line of the value's first token, or 0 when unknown. */
    int line();

    /** A short description of the value for error messages: {@code '65001x'}, {@code a list}. */
    String describe();

    /** A mapping; keys keep their order and their own lines (an unknown field points at its key). */
    record YamlMap(Map<String, Entry> entries, int line) implements YamlNode {
        public YamlMap {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** One key of a mapping: where the key is written and its value. */
    record Entry(String key, int keyLine, YamlNode value) {}

    record YamlList(List<YamlNode> items, int line) implements YamlNode {
        public YamlList {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar. {@code kind} keeps what YAML made of the text, so that {@code 65001} (a number)
     * and {@code "65001"} (a string) can both be read as an AS number, while {@code true} is
     * still refused where a number is expected.
     */
    record YamlScalar(String text, ScalarKind kind, int line) implements YamlNode {
        @Override
        public String describe() {
            return kind == ScalarKind.NULL ? "nothing (null)" : "'" + text + "'";
        }
    }

    enum ScalarKind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }
}

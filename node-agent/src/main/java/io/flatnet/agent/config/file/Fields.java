package io.flatnet.agent.config.file;

import io.flatnet.agent.config.file.YamlNode.Entry;
import io.flatnet.agent.config.file.YamlNode.ScalarKind;
import io.flatnet.agent.config.file.YamlNode.YamlList;
import io.flatnet.agent.config.file.YamlNode.YamlMap;
import io.flatnet.agent.config.file.YamlNode.YamlScalar;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the fields of one YAML mapping. Every field a reader asks for becomes a known field;
 * {@link #finish()} then reports the keys nobody asked for as unknown, with the closest known
 * name. So the list of accepted fields is the reading code itself and cannot drift from it.
 */
final class Fields {
    private final Context ctx;
    private final YamlMap map;
    private final String path;
    private final Set<String> known = new LinkedHashSet<>();

    private Fields(Context ctx, YamlMap map, String path) {
        this.ctx = ctx;
        this.map = map;
        this.path = path;
    }

    /** Fields of {@code node}, or null (and a problem) when it is not a mapping. */
    static Fields of(Context ctx, YamlNode node, String path) {
        if (node instanceof YamlMap m) {
            return new Fields(ctx, m, path);
        }
        ctx.problem(node.line(), path, "expected a mapping (key: value lines), found " + node.describe());
        return null;
    }

    /** An empty mapping standing in for an absent one, so that required fields are still reported. */
    static Fields empty(Context ctx, int line, String path) {
        return new Fields(ctx, new YamlMap(Map.of(), line), path);
    }

    String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    int line() {
        return map.line();
    }

    /** The line of a field's key, or of the mapping when the field is absent. */
    int line(String name) {
        Entry e = map.entries().get(name);
        return e == null ? map.line() : e.keyLine();
    }

    /** The field's value; null when absent or written as null. */
    YamlNode get(String name) {
        known.add(name);
        Entry e = map.entries().get(name);
        if (e == null || (e.value() instanceof YamlScalar s && s.kind() == ScalarKind.NULL)) {
            return null;
        }
        return e.value();
    }

    boolean has(String name) {
        return get(name) != null;
    }

    <T> Optional<T> read(String name, Values.Converter<T> converter) {
        YamlNode node = get(name);
        return node == null ? Optional.empty() : Optional.ofNullable(converter.convert(ctx, node, path(name)));
    }

    <T> T read(String name, Values.Converter<T> converter, T otherwise) {
        return read(name, converter).orElse(otherwise);
    }

    /** A required field: reports it missing, with what is expected, when absent. */
    <T> Optional<T> require(String name, Values.Converter<T> converter, String expected) {
        if (get(name) == null) {
            missing(name, expected);
            return Optional.empty();
        }
        return read(name, converter);
    }

    /**
     * Reports a required field as missing, unless a key close to its name is present: that key is
     * a misspelling, and {@link #finish()} reports it with the right name, which says it all.
     */
    void missing(String name, String expected) {
        boolean misspelt = map.entries().keySet().stream().anyMatch(k -> !k.equals(name)
                && Suggestions.closest(k, List.of(name)).isPresent());
        if (!misspelt) {
            ctx.problem(map.line(), path(name), "missing; expected " + expected);
        }
    }

    /** A list field, each item converted at path {@code name[i]}; items that fail are left out. */
    <T> List<T> list(String name, Values.Converter<T> item) {
        YamlNode node = get(name);
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof YamlList l)) {
            ctx.problem(node.line(), path(name), "expected a list (lines starting with '- '), found " + node.describe());
            return List.of();
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < l.items().size(); i++) {
            T v = item.convert(ctx, l.items().get(i), path(name) + "[" + i + "]");
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** A nested mapping, or an empty one when absent; null when present but not a mapping. */
    Fields map(String name) {
        YamlNode node = get(name);
        if (node == null) {
            return empty(ctx, line(name), path(name));
        }
        return of(ctx, node, path(name));
    }

    /** Reports every key that no reader asked for. */
    void finish() {
        for (Entry e : map.entries().values()) {
            if (!known.contains(e.key())) {
                ctx.problem(e.keyLine(), path(e.key()), "unknown field '" + e.key() + "'; "
                        + Suggestions.hint(e.key(), known));
            }
        }
    }

    Context context() {
        return ctx;
    }
}

package io.flatnet.agent.config;

import java.util.Objects;

/**
 * One thing wrong with the configuration, and where: formatted as
 * {@code FILE: document N (KIND NAME), line L, FIELD.PATH: what was found; what is expected}.
 * Parts that are unknown are left out (a YAML syntax error has no field; a rule about the whole
 * set of resources has no document).
 *
 * @param source        the file as the operator named it
 * @param document      1-based index of the YAML document, 0 when the problem is not in one
 * @param resource      {@code BGPPeer tor-1}, or what is known of it; empty when unknown
 * @param line          1-based line, 0 when unknown
 * @param field         the field's path inside the document, such as {@code spec.peerIP}; empty for none
 * @param message       what was found and what is expected
 */
public record ConfigProblem(String source, int document, String resource, int line, String field, String message) {
    public ConfigProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    public String format() {
        java.util.List<String> where = new java.util.ArrayList<>();
        if (document > 0) {
            where.add("document " + document + (resource.isEmpty() ? "" : " (" + resource + ")"));
        } else if (!resource.isEmpty()) {
            where.add(resource);
        }
        if (line > 0) {
            where.add("line " + line);
        }
        if (!field.isEmpty()) {
            where.add(field);
        }
        return source + ": " + (where.isEmpty() ? "" : String.join(", ", where) + ": ") + message;
    }

    @Override
    public String toString() {
        return format();
    }
}

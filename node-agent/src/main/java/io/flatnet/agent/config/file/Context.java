package io.flatnet.agent.config.file;

import io.flatnet.agent.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the reader is (file, document, resource) and the problems found so far. Readers record a
 * problem and go on with the value left out, so that one pass reports every problem of a file.
 */
final class Context {
    final String source;
    final List<ConfigProblem> problems = new ArrayList<>();
    final List<Reference> references = new ArrayList<>();
    int document;
    String resource = "";
    /** The line of the current document's {@code metadata.name}, for messages about the name. */
    int nameLine;

    Context(String source) {
        this.source = source;
    }

    void problem(int line, String field, String message) {
        problems.add(new ConfigProblem(source, document, resource, line, field, message));
    }

    /** A name one resource gives for another, resolved once every document has been read. */
    record Reference(String kind, String name, int document, String resource, int line, String field) {}

    void reference(String kind, String name, int line, String field) {
        references.add(new Reference(kind, name, document, resource, line, field));
    }
}

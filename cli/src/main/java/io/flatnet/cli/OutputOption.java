package io.flatnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;

/** The {@code -o/--output} option every {@code get} command takes, as one picocli mixin. */
final class OutputOption {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            converter = OutputFormat.Converter.class,
            description = "table, wide (more columns), json or yaml (the API's document) (default: ${DEFAULT-VALUE})")
    OutputFormat format;

    /** json or yaml: print the API's document as it came. */
    boolean document() {
        return format.document();
    }

    String render(JsonNode doc) {
        return format.render(doc);
    }

    boolean wide() {
        return format == OutputFormat.WIDE;
    }
}

package io.flatnet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code -o table|wide|json|yaml}: the two tables, or the API's document itself (every field the
 * agent sent, also those this flatnetctl does not know) as JSON or YAML.
 */
enum OutputFormat {
    TABLE, WIDE, JSON, YAML;

    private static final ObjectMapper JSON_WRITER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML_WRITER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    boolean document() {
        return this == JSON || this == YAML;
    }

    String render(JsonNode document) {
        try {
            return switch (this) {
                case JSON -> JSON_WRITER.writeValueAsString(document) + "\n";
                case YAML -> YAML_WRITER.writeValueAsString(document);
                default -> throw new IllegalStateException(this + " is a table");
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Accepts the names in any case. */
    static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not one of table, wide, json, yaml");
            }
        }
    }
}

package io.flatnet.agent.config.file;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flatnet.agent.config.file.YamlNode.Entry;
import io.flatnet.agent.config.file.YamlNode.ScalarKind;
import io.flatnet.agent.config.file.YamlNode.YamlList;
import io.flatnet.agent.config.file.YamlNode.YamlMap;
import io.flatnet.agent.config.file.YamlNode.YamlScalar;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a multi-document YAML text into located trees, one per document. Jackson's YAML parser
 * yields each document as one root value; an empty document (two {@code ---} in a row, a
 * trailing {@code ---}) is a root null, which is counted, so that document numbers match what a
 * reader counts with their eyes, and then skipped.
 */
final class YamlDocuments {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    /** A document's 1-based index among the file's documents and its root value. */
    record Document(int index, YamlNode root) {}

    /** A YAML syntax error: Jackson's message and where it happened. */
    static final class SyntaxError extends Exception {
        final int line;
        final int documentIndex;

        SyntaxError(String message, int line, int documentIndex) {
            super(message);
            this.line = line;
            this.documentIndex = documentIndex;
        }
    }

    private YamlDocuments() {}

    static List<Document> read(String text) throws SyntaxError {
        List<Document> documents = new ArrayList<>();
        int index = 0;
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken token;
            while ((token = next(p, index + 1)) != null) {
                index++;
                YamlNode root = value(p, token, index);
                if (!(root instanceof YamlScalar s && s.kind() == ScalarKind.NULL)) {
                    documents.add(new Document(index, root));
                }
            }
        } catch (IOException e) {
            throw new SyntaxError("cannot read the YAML: " + e.getMessage(), 0, index);
        }
        return documents;
    }

    private static YamlNode value(JsonParser p, JsonToken token, int doc) throws IOException, SyntaxError {
        int line = line(p.currentTokenLocation());
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                JsonToken t;
                while ((t = next(p, doc)) != JsonToken.END_OBJECT) {
                    String key = p.currentName();
                    int keyLine = line(p.currentTokenLocation());
                    YamlNode v = value(p, next(p, doc), doc);
                    if (entries.containsKey(key)) {
                        throw new SyntaxError("the key '" + key + "' appears twice in one mapping (first on line "
                                + entries.get(key).keyLine() + ")", keyLine, doc);
                    }
                    entries.put(key, new Entry(key, keyLine, v));
                }
                yield new YamlMap(entries, line);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                JsonToken t;
                while ((t = next(p, doc)) != JsonToken.END_ARRAY) {
                    items.add(value(p, t, doc));
                }
                yield new YamlList(items, line);
            }
            case VALUE_STRING -> new YamlScalar(p.getText(), ScalarKind.STRING, line);
            case VALUE_NUMBER_INT -> new YamlScalar(p.getText(), ScalarKind.INTEGER, line);
            case VALUE_NUMBER_FLOAT -> new YamlScalar(p.getText(), ScalarKind.FLOAT, line);
            case VALUE_TRUE, VALUE_FALSE -> new YamlScalar(token == JsonToken.VALUE_TRUE ? "true" : "false",
                    ScalarKind.BOOLEAN, line);
            case VALUE_NULL -> new YamlScalar(p.getText(), ScalarKind.NULL, line);
            default -> throw new SyntaxError("unexpected YAML token " + token, line, doc);
        };
    }

    private static JsonToken next(JsonParser p, int doc) throws IOException, SyntaxError {
        try {
            return p.nextToken();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new SyntaxError("YAML syntax: " + syntaxMessage(e.getOriginalMessage()), at == null ? 0 : line(at),
                    doc);
        }
    }

    /**
     * SnakeYAML's messages repeat the offending text with a caret under it, which does not fit
     * one log line: keep the sentences, and the line where an unclosed construct began.
     */
    static String syntaxMessage(String original) {
        String[] lines = original.split("\n");
        List<String> sentences = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.startsWith(" in ")) {
                int at = l.indexOf("line ");
                int comma = l.indexOf(',', at);
                marks.add(at < 0 || comma < 0 ? "" : l.substring(at, comma));
                i += 2; // the quoted text and the caret under it
            } else if (!l.isBlank()) {
                sentences.add(l.strip());
            }
        }
        if (sentences.size() >= 2 && !marks.isEmpty() && !marks.get(0).isEmpty()) {
            return sentences.get(0) + " (begun on " + marks.get(0) + "): " + String.join("; ",
                    sentences.subList(1, sentences.size()));
        }
        return String.join("; ", sentences);
    }

    private static int line(JsonLocation location) {
        return Math.max(location.getLineNr(), 0);
    }
}

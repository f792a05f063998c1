package io.flatnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The part of Kubernetes' OpenAPI v3 structural-schema validation that the flatnet CRDs use:
 * type, properties (unknown fields are errors, as with {@code kubectl apply --validate=strict}),
 * required, items, enum, pattern, minLength, minimum, maximum and
 * {@code x-kubernetes-int-or-string}. Enough to tell whether an example fits its CRD.
 */
final class SchemaCheck {
    private SchemaCheck() {}

    static List<String> validate(JsonNode schema, JsonNode value) {
        List<String> errors = new ArrayList<>();
        check(schema, value, "", errors);
        return errors;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                errors.add(path + ": expected an integer or a string, got " + value.getNodeType());
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    errors.add(path + ": expected an object, got " + value.getNodeType());
                    return;
                }
                JsonNode props = schema.path("properties");
                for (JsonNode r : schema.path("required")) {
                    if (!value.has(r.asText())) {
                        errors.add(path + "." + r.asText() + ": required");
                    }
                }
                if (props.isMissingNode() || props.isEmpty()) {
                    return; // an object without properties keeps what it is given (metadata)
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    JsonNode sub = props.get(f.getKey());
                    if (sub == null) {
                        errors.add(path + "." + f.getKey() + ": unknown field");
                    } else {
                        check(sub, f.getValue(), path + "." + f.getKey(), errors);
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(path + ": expected an array, got " + value.getNodeType());
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.path("items"), value.get(i), path + "[" + i + "]", errors);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    errors.add(path + ": expected a string, got " + value.getNodeType());
                    return;
                }
                if (schema.has("minLength") && value.asText().length() < schema.get("minLength").asInt()) {
                    errors.add(path + ": shorter than " + schema.get("minLength").asInt());
                }
                if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
                    errors.add(path + ": '" + value.asText() + "' does not match " + schema.get("pattern").asText());
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(path + ": expected an integer, got " + value.getNodeType());
                    return;
                }
                if (schema.has("minimum") && value.asLong() < schema.get("minimum").asLong()) {
                    errors.add(path + ": below " + schema.get("minimum").asLong());
                }
                if (schema.has("maximum") && value.asLong() > schema.get("maximum").asLong()) {
                    errors.add(path + ": above " + schema.get("maximum").asLong());
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(path + ": expected a boolean, got " + value.getNodeType());
                }
            }
            default -> errors.add(path + ": schema without a type");
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= e.equals(value);
            }
            if (!found) {
                errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
    }
}

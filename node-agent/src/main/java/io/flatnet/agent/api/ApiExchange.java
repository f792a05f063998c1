package io.flatnet.agent.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The parts of a request and its answer the router works with; no netty types, so tests stay simple. */
final class ApiExchange {
    private ApiExchange() {}

    /**
     * @param path    the decoded path, without the query
     * @param query   decoded query parameters
     * @param rawQuery the query string as sent (the Prometheus scrape handler parses it itself)
     * @param headers request headers, names lower case
     */
    record Request(String method, String path, Map<String, List<String>> query, String rawQuery,
            Map<String, List<String>> headers, byte[] body) {

        String param(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() ? null : values.getLast();
        }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * @param afterSent runs once the answer is written (a decommission stops the agent then)
     */
    record Response(int status, String contentType, byte[] body, Map<String, String> headers, Runnable afterSent) {
        Response(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of(), null);
        }

        Response withHeader(String name, String value) {
            Map<String, String> h = new java.util.LinkedHashMap<>(headers);
            h.put(name, value);
            return new Response(status, contentType, body, h, afterSent);
        }

        Response andThen(Runnable task) {
            return new Response(status, contentType, body, headers, task);
        }
    }
}

package io.flatnet.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A bordered text table in the style {@code calicoctl node status} prints: headers centred,
 * cells left-aligned, one space of padding.
 */
final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    Table row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        List<String> row = new ArrayList<>();
        for (String c : cells) {
            row.add(c == null ? "" : c);
        }
        rows.add(row);
        return this;
    }

    String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int w : widths) {
            rule.append("-".repeat(w + 2)).append('+');
        }
        StringBuilder sb = new StringBuilder();
        sb.append(rule).append('\n').append('|');
        for (int i = 0; i < widths.length; i++) {
            String h = headers.get(i);
            int left = (widths[i] - h.length()) / 2;
            int right = widths[i] - h.length() - left;
            sb.append(' ').append(" ".repeat(left)).append(h).append(" ".repeat(right)).append(" |");
        }
        sb.append('\n').append(rule).append('\n');
        for (List<String> r : rows) {
            sb.append('|');
            for (int i = 0; i < widths.length; i++) {
                sb.append(' ').append(r.get(i)).append(" ".repeat(widths[i] - r.get(i).length())).append(" |");
            }
            sb.append('\n');
        }
        sb.append(rule).append('\n');
        return sb.toString();
    }
}

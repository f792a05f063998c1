package io.flatnet.agent.config.file;

import java.time.Duration;

/**
 * Durations written as Kubernetes and Calico write them (Go's {@code time.ParseDuration}):
 * numbers with units, {@code 120s}, {@code 5m}, {@code 1h30m}, {@code 500ms}. A bare number is
 * refused rather than guessed at, since Calico's fields would read it as nanoseconds.
 */
final class GoDuration {
    private GoDuration() {}

    static Duration parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Duration total = Duration.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("expected a number at '" + s.substring(i) + "'");
            }
            double amount;
            try {
                amount = Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s.substring(start, i) + "' is not a number", e);
            }
            int unitStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            long nanosPerUnit = switch (s.substring(unitStart, i)) {
                case "h" -> 3_600_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "s" -> 1_000_000_000L;
                case "ms" -> 1_000_000L;
                case "us", "µs" -> 1_000L;
                case "ns" -> 1L;
                case "" -> throw new IllegalArgumentException("a unit is missing after " + s.substring(start, i));
                default -> throw new IllegalArgumentException("unknown unit '" + s.substring(unitStart, i) + "'");
            };
            total = total.plusNanos(Math.round(amount * nanosPerUnit));
        }
        return total;
    }
}

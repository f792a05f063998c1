package io.flatnet.bgp.wire.message;

import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.wire.NotificationCode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * NOTIFICATION (RFC 4271 §4.5). Code and subcode stay raw numbers so that any received pair
 * round-trips; {@link #known()} names it when flatnet can. For Cease administrative shutdown and
 * reset the data may carry an RFC 9003 shutdown communication: one length octet and up to 255
 * octets of UTF-8.
 */
public record Notification(int code, int subcode, Bytes data) implements BgpMessage {
    public static final int MAX_SHUTDOWN_MESSAGE_BYTES = 255;

    public Notification {
        if (code < 0 || code > 255 || subcode < 0 || subcode > 255) {
            throw new IllegalArgumentException("code and subcode are one octet each: " + code + "/" + subcode);
        }
        Objects.requireNonNull(data, "data");
    }

    public static Notification of(NotificationCode code) {
        return new Notification(code.code(), code.subcode(), Bytes.EMPTY);
    }

    public static Notification of(NotificationCode code, Bytes data) {
        return new Notification(code.code(), code.subcode(), data);
    }

    /**
     * A Cease with an RFC 9003 shutdown communication. The text is cut to 255 octets of UTF-8
     * without splitting a character.
     */
    public static Notification shutdown(NotificationCode cease, String message) {
        if (cease != NotificationCode.CEASE_ADMINISTRATIVE_SHUTDOWN && cease != NotificationCode.CEASE_ADMINISTRATIVE_RESET) {
            throw new IllegalArgumentException("RFC 9003 applies to Cease 6/2 and 6/4 only, not " + cease);
        }
        byte[] utf8 = truncateUtf8(message, MAX_SHUTDOWN_MESSAGE_BYTES);
        byte[] data = new byte[utf8.length + 1];
        data[0] = (byte) utf8.length;
        System.arraycopy(utf8, 0, data, 1, utf8.length);
        return new Notification(cease.code(), cease.subcode(), Bytes.of(data));
    }

    private static byte[] truncateUtf8(String text, int max) {
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        if (all.length <= max) {
            return all;
        }
        int end = max;
        while (end > 0 && (all[end] & 0xC0) == 0x80) {
            end--; // never cut inside a multi-byte character
        }
        byte[] cut = new byte[end];
        System.arraycopy(all, 0, cut, 0, end);
        return cut;
    }

    public NotificationCode known() {
        return NotificationCode.of(code, subcode);
    }

    /**
     * The RFC 9003 shutdown communication, when this is Cease 6/2 or 6/4 and the data holds a
     * well-formed one (length octet matching, valid UTF-8).
     */
    public Optional<String> shutdownMessage() {
        if (code != 6 || (subcode != 2 && subcode != 4) || data.isEmpty()) {
            return Optional.empty();
        }
        int length = data.get(0);
        if (length == 0 || length + 1 > data.length()) {
            return Optional.empty();
        }
        byte[] raw = data.toArray();
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return Optional.of(decoder.decode(java.nio.ByteBuffer.wrap(raw, 1, length)).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** "6/2 administrative shutdown: maintenance" style text for logs and the API. */
    public String describe() {
        String base = NotificationCode.describe(code, subcode);
        return shutdownMessage().map(m -> base + ": \"" + m + "\"").orElse(base);
    }

    @Override
    public MessageType type() {
        return MessageType.NOTIFICATION;
    }
}

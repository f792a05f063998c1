package io.flatnet.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A minimal HTTP/1.1 client over a Unix domain socket (the JDK's HttpClient speaks TCP only): one
 * request per connection ({@code Connection: close}), bodies by {@code Content-Length}, chunked,
 * or until the server closes. Bounded: 8 KiB per header line, 64 KiB of headers, 64 MiB of body,
 * and the whole exchange within a deadline (the socket is closed when it passes).
 */
final class UnixSocketHttp {
    static final int MAX_LINE = 8192;
    static final int MAX_HEADERS = 64 * 1024;
    static final int MAX_BODY = 64 * 1024 * 1024;

    /** An answer; header names are lower case, a repeated header keeps its last value. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** The exchange took longer than allowed. */
    static final class TimeoutException extends IOException {
        TimeoutException(String message) {
            super(message);
        }
    }

    private UnixSocketHttp() {}

    /**
     * @param target the request target, a path with an optional query: {@code /v1/routes?family=ipv4}
     * @param body   the request body, or null for none
     */
    static Response exchange(Path socket, String method, String target, byte[] body, String contentType,
            Duration timeout) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().unstarted(() -> {
            try {
                Thread.sleep(timeout);
                timedOut.set(true);
                ch.close();
            } catch (InterruptedException | IOException e) {
                // done in time, or closing failed: nothing to do
            }
        });
        try (ch) {
            watchdog.start();
            ch.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(ch);
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: localhost\r\n")
                    .append("Accept: application/json\r\n")
                    .append("Connection: close\r\n");
            if (body != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n")
                        .append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(new BufferedInputStream(Channels.newInputStream(ch)), method.equals("HEAD"));
        } catch (IOException e) {
            if (timedOut.get()) {
                throw new TimeoutException("no answer within " + (timeout.toMillis() % 1000 == 0
                        ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms"));
            }
            throw e;
        } finally {
            watchdog.interrupt();
        }
    }

    /** Reads one response (skipping interim 1xx answers) from {@code in}. */
    static Response read(InputStream in, boolean head) throws IOException {
        while (true) {
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x answer: " + printable(statusLine));
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad status line: " + printable(statusLine));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            int total = 0;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                total += h.length();
                if (total > MAX_HEADERS) {
                    throw new IOException("answer headers longer than " + MAX_HEADERS + " bytes");
                }
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("bad header line: " + printable(h));
                }
                headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
            }
            if (status / 100 == 1) {
                continue; // 100 Continue and friends: the real answer follows
            }
            byte[] body;
            String te = headers.get("transfer-encoding");
            String length = headers.get("content-length");
            if (head || status == 204 || status == 304) {
                body = new byte[0];
            } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                body = chunked(in);
            } else if (length != null) {
                long n;
                try {
                    n = Long.parseLong(length);
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length: " + printable(length));
                }
                if (n < 0 || n > MAX_BODY) {
                    throw new IOException("Content-Length " + n + " is out of range (0.." + MAX_BODY + ")");
                }
                body = in.readNBytes((int) n);
                if (body.length != n) {
                    throw new EOFException("the connection closed after " + body.length + " of " + n + " body bytes");
                }
            } else {
                body = in.readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY) {
                    throw new IOException("answer body longer than " + MAX_BODY + " bytes");
                }
            }
            return new Response(status, headers, body);
        }
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semi = sizeLine.indexOf(';');
            String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).strip();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + printable(sizeLine));
            }
            if (size < 0 || body.size() + size > MAX_BODY) {
                throw new IOException("answer body longer than " + MAX_BODY + " bytes");
            }
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers: ignored
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length != size) {
                throw new EOFException("the connection closed inside a chunk");
            }
            body.write(chunk);
            if (!line(in).isEmpty()) {
                throw new IOException("a chunk does not end with CRLF");
            }
        }
    }

    /** One line without its CRLF (a bare LF is accepted). */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException(b.size() == 0 ? "the connection closed without an answer"
                        : "the connection closed inside a line");
            }
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (b.size() >= MAX_LINE) {
                throw new IOException("answer line longer than " + MAX_LINE + " bytes");
            }
            b.write(c);
        }
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}

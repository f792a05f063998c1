package io.flatnet.badinput;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A BGP peer made of a plain socket, so that a test can put any bytes on the wire: the crafted
 * sender of the RFC 7606 suite and the fuzzer. It speaks just enough BGP to reach Established
 * ({@link Open} builds the OPEN), sends KEEPALIVEs every second once there, and a reader thread
 * records what the agent sends back, above all the NOTIFICATION that ends a reset.
 *
 * <p>It never decodes with flatnet's own codec: the point is to judge flatnet from outside.
 */
final class RawPeer implements AutoCloseable {
    static final int OPEN = 1;
    static final int UPDATE = 2;
    static final int NOTIFICATION = 3;
    static final int KEEPALIVE = 4;
    static final byte[] KEEPALIVE_MESSAGE = message(KEEPALIVE, new byte[0]);

    /** A received NOTIFICATION: code, subcode and data. */
    record Notification(int code, int subcode, byte[] data) {
        String hexData() {
            return HexFormat.of().formatHex(data);
        }

        @Override
        public String toString() {
            return code + "/" + subcode + (data.length > 0 ? " data " + hexData() : "");
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Notification notification;
    private volatile boolean keepalives;
    private final Thread reader;
    private final Thread keepaliveSender;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = Thread.ofVirtual().name("raw-peer-reader").start(this::readLoop);
        this.keepaliveSender = Thread.ofVirtual().name("raw-peer-keepalive").start(this::keepaliveLoop);
    }

    /** A TCP connection from {@code local} to the agent; nothing sent yet. */
    static RawPeer connect(String local, InetSocketAddress agent) {
        try {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.setSoLinger(true, 0); // closing must not leave thousands of TIME_WAITs behind a fuzz run
            s.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
            s.connect(agent, 5_000);
            return new RawPeer(s);
        } catch (IOException e) {
            throw new UncheckedIOException("connect from " + local + " to " + agent, e);
        }
    }

    /** Connects, sends {@code open} and completes the handshake; fails if the agent refuses. */
    static RawPeer establish(String local, InetSocketAddress agent, Open open, Duration patience) {
        RawPeer p = connect(local, agent);
        p.send(open.encode());
        if (!p.awaitType(OPEN, patience) || !p.awaitType(KEEPALIVE, patience)) {
            String why = p.awaitNotification(Duration.ofMillis(200)).map(Object::toString).orElse("no NOTIFICATION");
            p.close();
            throw new AssertionError("agent did not accept our OPEN from " + local + ": " + why);
        }
        p.send(KEEPALIVE_MESSAGE);
        p.keepalives = open.holdTime() > 0;
        return p;
    }

    /** A whole message: marker, length, type, body. */
    static byte[] message(int type, byte[] body) {
        byte[] m = new byte[19 + body.length];
        java.util.Arrays.fill(m, 0, 16, (byte) 0xff);
        m[16] = (byte) (m.length >> 8);
        m[17] = (byte) m.length;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, 19, body.length);
        return m;
    }

    void send(byte[] bytes) {
        try {
            synchronized (out) {
                out.write(bytes);
                out.flush();
            }
        } catch (IOException e) {
            // The agent may have closed first (a reset); what it sent before closing is what counts.
        }
    }

    /** Waits for a message of {@code type} from the agent, skipping others. */
    boolean awaitType(int type, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (true) {
                Integer t = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (t == null) {
                    return false;
                }
                if (t == type) {
                    return true;
                }
                if (t == NOTIFICATION) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The NOTIFICATION the agent sent, waiting up to {@code patience} for the connection to end. */
    Optional<Notification> awaitNotification(Duration patience) {
        awaitClosed(patience);
        return Optional.ofNullable(notification);
    }

    /** Whether the agent closed the connection within {@code patience}. */
    boolean awaitClosed(Duration patience) {
        try {
            return closed.await(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    private void readLoop() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[19];
            while (true) {
                in.readFully(header);
                int length = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
                int type = header[18] & 0xff;
                byte[] body = new byte[Math.max(0, length - 19)];
                in.readFully(body);
                if (type == NOTIFICATION && body.length >= 2) {
                    notification = new Notification(body[0] & 0xff, body[1] & 0xff,
                            java.util.Arrays.copyOfRange(body, 2, body.length));
                }
                received.add(type);
            }
        } catch (EOFException | SocketException e) {
            // the agent closed (or reset) the connection, or we did
        } catch (IOException e) {
            // same: the connection is over
        } finally {
            keepalives = false;
            closed.countDown();
        }
    }

    private void keepaliveLoop() {
        while (!isClosed()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            if (keepalives) {
                send(KEEPALIVE_MESSAGE);
            }
        }
    }

    @Override
    public void close() {
        keepalives = false;
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
        keepaliveSender.interrupt();
        awaitClosed(Duration.ofSeconds(2));
    }

    /**
     * The OPEN a raw peer sends: 2- or 4-octet AS, hold time, identifier and the capabilities a
     * test case needs to reproduce its negotiated context.
     */
    record Open(long asn, int holdTime, String identifier, boolean fourOctetAs, boolean ipv6, boolean addPathIpv4,
            boolean extendedMessages, boolean routeRefresh) {
        static Open of(long asn, String identifier) {
            return new Open(asn, 30, identifier, true, true, false, false, true);
        }

        /** Hold time 0: no KEEPALIVEs either way, so every message the agent counts is one we sent. */
        Open withoutHoldTimer() {
            return new Open(asn, 0, identifier, fourOctetAs, ipv6, addPathIpv4, extendedMessages, routeRefresh);
        }

        Open withFourOctetAs(boolean v) {
            return new Open(asn, holdTime, identifier, v, ipv6, addPathIpv4, extendedMessages, routeRefresh);
        }

        Open withIpv6(boolean v) {
            return new Open(asn, holdTime, identifier, fourOctetAs, v, addPathIpv4, extendedMessages, routeRefresh);
        }

        Open withAddPathIpv4(boolean v) {
            return new Open(asn, holdTime, identifier, fourOctetAs, ipv6, v, extendedMessages, routeRefresh);
        }

        Open withExtendedMessages(boolean v) {
            return new Open(asn, holdTime, identifier, fourOctetAs, ipv6, addPathIpv4, v, routeRefresh);
        }

        byte[] encode() {
            Bytes caps = new Bytes();
            caps.capability(1, 0x00, 0x01, 0x00, 0x01); // IPv4 unicast
            if (ipv6) {
                caps.capability(1, 0x00, 0x02, 0x00, 0x01);
            }
            if (routeRefresh) {
                caps.capability(2);
            }
            if (fourOctetAs) {
                caps.capability(65, (int) (asn >>> 24), (int) (asn >>> 16) & 0xff, (int) (asn >>> 8) & 0xff, (int) asn & 0xff);
            }
            if (addPathIpv4) {
                caps.capability(69, 0x00, 0x01, 0x01, 0x02); // IPv4 unicast, we send path ids
            }
            if (extendedMessages) {
                caps.capability(6);
            }
            byte[] params = caps.toArray();
            int myAs = asn > 0xffff ? 23456 : (int) asn;
            byte[] id;
            try {
                id = InetAddress.getByName(identifier).getAddress();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Bytes body = new Bytes();
            body.add(4, myAs >> 8, myAs & 0xff, holdTime >> 8, holdTime & 0xff, id[0], id[1], id[2], id[3], params.length);
            body.add(params);
            return message(OPEN, body.toArray());
        }
    }

    /** A small byte builder for the OPEN. */
    private static final class Bytes {
        private final java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();

        void add(int... octets) {
            for (int o : octets) {
                b.write(o);
            }
        }

        void add(byte[] bytes) {
            b.writeBytes(bytes);
        }

        /** One optional parameter of type 2 holding one capability. */
        void capability(int code, int... value) {
            add(2, value.length + 2, code, value.length);
            add(value);
        }

        byte[] toArray() {
            return b.toByteArray();
        }
    }
}

package io.flatnet.bgp.session;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** An EmbeddedChannel with IP socket addresses, as a session expects of its TCP channel. */
final class TcpLikeChannel extends EmbeddedChannel {
    private final InetSocketAddress local;
    private final InetSocketAddress remote;

    TcpLikeChannel(String local, String remote) {
        super(false, false); // not registered yet: addresses must be set first
        this.local = new InetSocketAddress(local, 179);
        this.remote = new InetSocketAddress(remote, 40000);
        try {
            register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean stalled;

    /** A stalled channel says it is not writable, as a TCP socket whose peer stopped reading. */
    void stall(boolean value) {
        stalled = value;
        if (!value) {
            pipeline().fireChannelWritabilityChanged();
        }
    }

    @Override
    public boolean isWritable() {
        return !stalled && super.isWritable();
    }

    @Override
    protected SocketAddress localAddress0() {
        return local;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }
}

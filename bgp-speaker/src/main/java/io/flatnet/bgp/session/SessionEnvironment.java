package io.flatnet.bgp.session;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpAddress;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * What a {@link Peer} needs from the speaker around it. An interface so that session tests can
 * run a peer over an {@code EmbeddedChannel} without a speaker, transport or listener.
 */
interface SessionEnvironment {
    SpeakerConfig speaker();

    /** The RIB side: where received routes go and advertisements come from. */
    SpeakerRib routing();

    /** Wall-clock time for status timestamps only; protocol timing uses the event loop's ticker. */
    Clock clock();

    /**
     * Connects to {@code peer} from {@code loop}; {@code init} sets up the channel's pipeline
     * before the connection completes.
     */
    ChannelFuture connect(PeerConfig peer, EventLoop loop, Consumer<Channel> init);

    /** Applies TTL/GTSM socket options to an accepted or connecting channel. */
    default void applySocketOptions(PeerConfig peer, Channel channel) {}

    /**
     * The kernel's view of a connected channel's sending (RFC 9687): how many bytes the peer has
     * acknowledged so far, and whether nothing at all waits to be sent or acknowledged (netty's
     * outbound buffer included). Empty when the transport cannot tell (NIO, a closed socket).
     */
    default java.util.Optional<SendQueue> sendQueue(Channel channel) {
        return java.util.Optional.empty();
    }

    /** @see #sendQueue */
    record SendQueue(long bytesAcked, boolean empty) {}

    /** Replaces the TCP MD5 key on a connected channel with {@code peer}'s (RFC 2385). */
    default void applyMd5Key(PeerConfig peer, Channel channel) {}

    void stateChanged(PeerStateChange change);

    void endOfRib(IpAddress peer, AddressFamily family);

    /** A dynamic neighbour's session is over and the peer has stopped: forget it. Called on its loop. */
    default void dynamicPeerEnded(Peer peer) {}

    /**
     * An inbound connection reached a dynamic neighbour that has ended since the listener chose
     * it: the speaker takes it back as a new connection (a fresh peer, if a range still takes
     * the address). Called on the peer's loop, where {@code ch} is registered; it is not yet read.
     */
    default void acceptAgain(Channel ch) {
        ch.close();
    }
}

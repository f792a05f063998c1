package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.AddressFamily;
import java.util.Set;

/**
 * The facts negotiated in the OPEN exchange that change how bytes are read and written, as one
 * value handed to every codec (so no codec reaches into a session).
 *
 * @param fourOctetAs        both sides sent the RFC 6793 capability: AS numbers are 4 octets
 * @param extendedMessages   both sides sent RFC 8654: messages up to 65535 octets
 * @param addPathReceive     families whose received NLRI carry a path id (RFC 7911)
 * @param addPathSend        families whose sent NLRI carry a path id
 * @param extendedNextHop    families (IPv4 unicast) whose next hop may be IPv6 (RFC 8950)
 * @param families           the AFI/SAFIs negotiated on the session
 * @param internalPeer       the peer is iBGP: RFC 7606 treats LOCAL_PREF, ORIGINATOR_ID and
 *                           CLUSTER_LIST from eBGP peers differently
 */
public record CodecContext(
        boolean fourOctetAs,
        boolean extendedMessages,
        Set<AddressFamily> addPathReceive,
        Set<AddressFamily> addPathSend,
        Set<AddressFamily> extendedNextHop,
        Set<AddressFamily> families,
        boolean internalPeer) {

    public static final int MAX_MESSAGE_LENGTH = 4096;
    public static final int MAX_EXTENDED_MESSAGE_LENGTH = 65535;
    public static final int HEADER_LENGTH = 19;

    /** Before the OPEN exchange: 2-octet AS, no add-path, 4096-octet messages, IPv4 unicast. */
    public static final CodecContext INITIAL = new CodecContext(
            false, false, Set.of(), Set.of(), Set.of(), Set.of(AddressFamily.IPV4_UNICAST), false);

    public CodecContext {
        addPathReceive = Set.copyOf(addPathReceive);
        addPathSend = Set.copyOf(addPathSend);
        extendedNextHop = Set.copyOf(extendedNextHop);
        families = Set.copyOf(families);
    }

    public int maxMessageLength() {
        return extendedMessages ? MAX_EXTENDED_MESSAGE_LENGTH : MAX_MESSAGE_LENGTH;
    }

    public boolean receivesPathIds(AddressFamily family) {
        return addPathReceive.contains(family);
    }

    public boolean sendsPathIds(AddressFamily family) {
        return addPathSend.contains(family);
    }

    public CodecContext withFourOctetAs(boolean value) {
        return new CodecContext(value, extendedMessages, addPathReceive, addPathSend, extendedNextHop, families, internalPeer);
    }

    public CodecContext withInternalPeer(boolean value) {
        return new CodecContext(fourOctetAs, extendedMessages, addPathReceive, addPathSend, extendedNextHop, families, value);
    }
}

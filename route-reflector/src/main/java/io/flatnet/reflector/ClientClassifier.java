package io.flatnet.reflector;

import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerType;
import java.util.Objects;
import java.util.Optional;

/**
 * Calico's rule for who is a route-reflector client: a node with a cluster id is a reflector, and
 * its iBGP peers are its clients unless they carry the same cluster id (fellow reflectors of the
 * same cluster, which peer as non-clients). A peer with another cluster id is a client too: a
 * reflector of another cluster is a client of this one. A node without a cluster id has no
 * clients. eBGP peers are never clients.
 *
 * <p>The configuration layer uses it to set {@link io.flatnet.bgp.policy.PeerContext#reflectorClient()}
 * (and so {@link io.flatnet.bgp.policy.SourceFacts#fromReflectorClient()}) for each peer.
 *
 * @param localClusterId this node's cluster id; empty when it is not a reflector
 */
public record ClientClassifier(Optional<RouterId> localClusterId) {

    public ClientClassifier {
        Objects.requireNonNull(localClusterId, "localClusterId");
    }

    public static ClientClassifier reflector(RouterId clusterId) {
        return new ClientClassifier(Optional.of(clusterId));
    }

    public static ClientClassifier notAReflector() {
        return new ClientClassifier(Optional.empty());
    }

    public boolean isReflector() {
        return localClusterId.isPresent();
    }

    /**
     * @param peerType       eBGP or iBGP
     * @param peerClusterId  the peer node's cluster id, when it is a reflector itself
     */
    public boolean isClient(PeerType peerType, Optional<RouterId> peerClusterId) {
        if (localClusterId.isEmpty() || peerType != PeerType.IBGP) {
            return false;
        }
        return !peerClusterId.equals(localClusterId);
    }
}

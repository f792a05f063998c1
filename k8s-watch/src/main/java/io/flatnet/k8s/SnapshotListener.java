package io.flatnet.k8s;

/**
 * Receives every new {@link ClusterSnapshot}, on the reconciler thread, one at a time. Each is the
 * whole desired state: apply it by replacing, not by adding.
 */
@FunctionalInterface
public interface SnapshotListener {
    void onSnapshot(ClusterSnapshot snapshot);
}

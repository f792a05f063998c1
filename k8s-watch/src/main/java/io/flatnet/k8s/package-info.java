/**
 * Kubernetes as the source of truth: informers on nodes, services, endpoint slices and the
 * flatnet CRDs ({@code flatnet.io/v1}), one informer per Secret a BGP password names (watched by
 * name, which RBAC can grant by name), a single reconciler that turns the informers' caches into
 * one {@link io.flatnet.k8s.ClusterSnapshot} at a time, and the Calico-style service
 * advertisement rules ({@link io.flatnet.k8s.ServiceAdvertisements}). Nothing here knows the
 * agent's configuration model: the node agent maps a snapshot into it, so the file mode and the
 * Kubernetes mode share one computation. Until every informer has synced nothing is handed over,
 * so a restart with the API server away withdraws nothing.
 */
package io.flatnet.k8s;

/**
 * Kubernetes informers (nodes, services, endpoint slices, the flatnet CRDs) turned into the desired
 * peers and advertisements of one node.
 */
package io.flatnet.k8s;

/**
 * {@code flatnet}, the per-node agent: reads its settings, starts the BGP speaker and keeps it
 * running until told to stop. For now the settings are command-line options (a local AS, router
 * id, peers and the prefixes to advertise); the YAML / Kubernetes configuration, the kernel
 * routes, the API and metrics join as later work lands.
 */
package io.flatnet.agent;

/**
 * {@code flatnet}, the per-node agent: reads its settings, starts the BGP speaker and keeps it
 * running until told to stop. Settings come from a configuration file ({@code --config FILE
 * --node-name NAME}, see {@code io.flatnet.agent.config}), reloaded on SIGHUP and when the file
 * changes, or for a quick start from command-line options (a local AS, router id, peers and
 * prefixes to advertise); the two are not mixed. Kernel routes, the API and metrics join as
 * later work lands.
 */
package io.flatnet.agent;

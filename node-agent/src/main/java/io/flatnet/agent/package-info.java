/**
 * {@code flatnet}, the per-node agent: reads its settings, starts the BGP speaker and keeps it
 * running until told to stop. Settings come from a configuration file ({@code --config FILE
 * --node-name NAME}, see {@code io.flatnet.agent.config}), reloaded on SIGHUP and when the file
 * changes, or for a quick start from command-line options (a local AS, router id, peers and
 * prefixes to advertise); the two are not mixed. The management API, metrics and health checks
 * ({@code io.flatnet.agent.api}) start with the speaker and read it through {@code RunningAgent};
 * SIGTERM and an API decommission share one stop sequence. Kernel routes join as later work lands.
 */
package io.flatnet.agent;

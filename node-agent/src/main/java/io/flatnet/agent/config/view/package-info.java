/**
 * What one node makes of the whole configuration, computed the same way on every node so that
 * their choices fit together: its AS and router id, its node-to-node mesh (only one side of each
 * pair connects), its global, node-specific and selector-matched peers, which of them are its
 * route reflector clients (RFC 4456), and what it advertises. {@link
 * io.flatnet.agent.config.view.NodeView#compute} is a pure function of the resources and the
 * node's name; {@link io.flatnet.agent.config.view.NodeView#peerConfigs()} and
 * {@link io.flatnet.agent.config.view.NodeView#advertisementSet()} hand the result to the
 * speaker's desired-state APIs.
 */
package io.flatnet.agent.config.view;

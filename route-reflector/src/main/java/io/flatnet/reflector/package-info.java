/**
 * Route reflection (RFC 4456): client and non-client rules, cluster ids, ORIGINATOR_ID and
 * CLUSTER_LIST, plugged into the speaker's policy hooks, and the standalone reflector mode.
 * The speaker does not know this package exists.
 */
package io.flatnet.reflector;

/**
 * {@code flatnetctl}: inspects and controls a running agent through its HTTP API only, as
 * {@code calicoctl node status} does for Calico. It knows the API's v1 JSON format through its
 * own small records ({@link io.flatnet.cli.ApiDocs}), which ignore fields they do not know, and
 * nothing of the agent's classes: a newer agent works with an older {@code flatnetctl}.
 *
 * <p>Exit codes: 0 success, 1 the agent is not running or refused the request, 2 a usage error.
 */
package io.flatnet.cli;

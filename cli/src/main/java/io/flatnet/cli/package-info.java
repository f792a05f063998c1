/**
 * {@code flatnetctl}: inspects and controls a running agent through its API only, as
 * {@code calicoctl node status} does for Calico.
 */
package io.flatnet.cli;

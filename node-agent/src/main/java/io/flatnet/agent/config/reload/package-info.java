/**
 * Keeps a running agent in step with its configuration file: reloads on SIGHUP and when the file
 * changes, computes the node's view again and hands the whole new set of peers and
 * advertisements to the speaker, which diffs them (unchanged peers keep their sessions). A bad
 * reload is logged, naming the field, and the last good configuration stays in effect.
 */
package io.flatnet.agent.config.reload;

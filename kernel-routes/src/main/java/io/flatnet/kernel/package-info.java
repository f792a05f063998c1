/**
 * Programs the Linux FIB over rtnetlink through {@code java.lang.foreign}: a reconcile loop that
 * diffs the desired routes against the kernel's routes of flatnet's protocol id and never touches
 * routes of any other protocol. Needs only the JDK.
 */
package io.flatnet.kernel;

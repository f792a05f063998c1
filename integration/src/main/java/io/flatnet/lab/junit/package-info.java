/**
 * JUnit 5 glue for the lab: {@link io.flatnet.lab.junit.NetnsTest} tags a test {@code netns},
 * checks root, network namespaces and the daemons it needs (skip with a message, or fail when
 * {@code CI=true}), and injects a {@link io.flatnet.lab.Lab} closed after the test with log
 * tails printed on failure.
 */
package io.flatnet.lab.junit;

/**
 * A training workload for the JDK's ahead-of-time cache (JDK 25, {@code -XX:AOTCacheOutput}):
 * {@link io.flatnet.agent.training.AotTrainingRun} runs a small route reflector and a small
 * full-table relay on loopback, all in one JVM, and exits. The JVM records which classes the
 * speaker loads and links on the way, and later starts map them from the cache instead of
 * reading, verifying and linking them again. That is what a freshly started speaker pays during
 * its first convergence: classes and first runs, not routes. No compiled code is cached.
 */
package io.flatnet.agent.training;

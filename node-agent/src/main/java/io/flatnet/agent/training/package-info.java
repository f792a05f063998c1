/**
 * A training workload for the JDK's ahead-of-time cache (JDK 25, {@code -XX:AOTCacheOutput}):
 * {@link io.flatnet.agent.training.AotTrainingRun} runs a route reflector with its clients and
 * an eBGP route relay on loopback, all in one JVM, and exits. The JVM records which classes the
 * speaker loads and links on the way, and the method profiles of the code that ran (JEP 515);
 * later starts map the classes from the cache instead of reading, verifying and linking them
 * again, and compile early what the profiles say was hot. That is much of what a freshly started
 * speaker pays in its first convergence: first runs of its code, not routes. No compiled code is
 * cached in JDK 25.
 */
package io.flatnet.agent.training;

/**
 * JMH benchmarks of the wire codec: UPDATE decode and encode with packed IPv4 NLRI, as a BGP
 * speaker receives a full table. Run with {@code scripts/bench-codec}; never part of the tests.
 */
package io.flatnet.bgp.bench;

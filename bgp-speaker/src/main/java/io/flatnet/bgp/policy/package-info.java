/**
 * Import and export policy as typed values, no filter language: the hooks the speaker calls
 * ({@link io.flatnet.bgp.policy.ImportPolicy}, {@link io.flatnet.bgp.policy.ExportPolicy}) and
 * what they answer ({@link io.flatnet.bgp.policy.PolicyResult}). Uses {@code model} only.
 */
package io.flatnet.bgp.policy;

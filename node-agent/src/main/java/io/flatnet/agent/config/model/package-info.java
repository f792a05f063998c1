/**
 * The configuration resources, as records: {@code BGPConfiguration}, {@code BGPPeer},
 * {@code BGPFilter} and {@code Node} of API group {@code flatnet.io/v1}. Field names are
 * Calico's, so a Calico user recognises them; the same records serve the standalone YAML file
 * and, later, the Kubernetes custom resources. Values are already parsed and checked (an
 * {@code Asn}, an {@code IpPrefix}, a {@code Selector}), so code that computes from them never
 * parses text. Defaults are applied by the readers and named on each record.
 */
package io.flatnet.agent.config.model;

/**
 * The configuration's BGPFilter resources turned into the speaker's policy values
 * ({@link io.flatnet.bgp.policy.BgpFilter}, {@link io.flatnet.bgp.policy.FilterRule},
 * {@link io.flatnet.bgp.policy.Operation}). One place for the whole translation, used by the file
 * loader (so a filter the speaker cannot take is refused with its document and field) and by the
 * node view (which hands each peer its {@link io.flatnet.bgp.policy.PeerPolicy}).
 */
package io.flatnet.agent.config.policy;

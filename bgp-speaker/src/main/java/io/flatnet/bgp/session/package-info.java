/**
 * BGP sessions over TCP: {@link io.flatnet.bgp.session.BgpSpeaker} owns the netty event loops,
 * the listener and one peer per configured neighbour, plus one per dynamic neighbour accepted
 * from a {@link io.flatnet.bgp.session.ListenRange} for as long as its session lasts; each TCP connection runs its own
 * {@link io.flatnet.bgp.fsm.PeerFsm} (RFC 4271 §8), whose actions are carried out here: connect
 * and accept, send OPEN with our capabilities, check the peer's OPEN (RFC 4271 §6.2, RFC 6286
 * identifiers, RFC 6793 4-octet AS), negotiate the codec context, arm timers on the channel's
 * event loop (the hold timer as a deadline pushed forward), resolve connection collisions with
 * Cease 6/7 (RFC 4271 §6.8), and close after a NOTIFICATION has drained.
 *
 * <p>Also here: RFC 7606 handling of received UPDATEs (treat-as-withdraw, attribute discard,
 * AFI/SAFI disable, session reset), the maximum-prefix Cease with its RFC 4486 data, Cease
 * subcodes for de-configuration and configuration changes, RFC 9003 shutdown communications,
 * RFC 2918 / RFC 7313 route refresh answered from the Adj-RIB-Out, End-of-RIB (RFC 4724), the RFC
 * 9687 send hold timer, TCP MD5 signatures (RFC 2385) through netty's epoll transport, and TTL
 * and GTSM (RFC 5082) socket options through {@code java.lang.foreign}.
 *
 * <p>The engine wiring ({@link io.flatnet.bgp.session.SpeakerRib}): received UPDATEs are mapped
 * to model attributes and imported on the session's loop (AS_PATH loop drop, LOCAL_PREF from eBGP
 * dropped, the peer's {@link io.flatnet.bgp.policy.ImportPolicy}), then applied to the
 * {@link io.flatnet.bgp.rib.Rib} on its single thread; best-path changes leave through update
 * groups ({@link io.flatnet.bgp.session.UpdateGroup}: one encoding per group, per-member catch-up
 * for slow peers), the peer's {@link io.flatnet.bgp.policy.ExportPolicy} and the RFC 4271 §5.1
 * rewriting ({@link io.flatnet.bgp.session.Exporter}); add-path send of the ECMP set (RFC 7911);
 * graceful restart as helper (RFC 4724 §4.2, with RFC 8538 NOTIFICATION handling and Hard Reset)
 * and as restarting speaker (R and F bits, selection deferral).
 *
 * <p>Threading (DESIGN.md §2): a peer and all its channels live on one event loop; routes are
 * posted to the RIB's single-threaded executor, which posts encoded UPDATEs back to the peers'
 * loops. Nothing here locks.
 */
package io.flatnet.bgp.session;

/**
 * The network-namespace lab: integration tests put a flatnet speaker and real BGP daemons
 * (BIRD 2, FRR bgpd, GoBGP, exabgp from Debian) into network namespaces joined by veth pairs,
 * then drive and query the daemons.
 *
 * <p>{@link io.flatnet.lab.Lab} owns namespaces ({@link io.flatnet.lab.Netns}), links
 * ({@link io.flatnet.lab.Link}) and processes, numbered from a random /24 in 100.64.0.0/10 and
 * IPv6 ULAs that exist only inside the lab; closing it stops every process by PID and deletes
 * everything. Daemon drivers ({@link io.flatnet.lab.Bird2}, {@link io.flatnet.lab.Frr},
 * {@link io.flatnet.lab.GoBgp}, {@link io.flatnet.lab.ExaBgp}) share
 * {@link io.flatnet.lab.BgpDaemon}: configured from one {@link io.flatnet.lab.BgpConfig},
 * queried as {@link io.flatnet.lab.PeerState} and {@link io.flatnet.lab.ReceivedRoute}, with
 * polling waits. Nothing here depends on the flatnet speaker. See integration/LAB.md for
 * usage and for which malformed UPDATEs (RFC 7606) exabgp can send on a live session.
 */
package io.flatnet.lab;

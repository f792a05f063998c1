/**
 * Bad input from outside, against a live speaker over TCP on loopback (no root needed): the
 * RFC 7606 conformance suite, replaying bgp-speaker's malformed corpus from a raw-socket peer on
 * eBGP, iBGP and route-reflector-client sessions; wire fuzzing of UPDATEs and OPENs; and the
 * refusal of broken configuration. A healthy session on the same speaker must never notice.
 * docs/reliability.md ("Bad input") gives the figures and how to rerun them.
 */
package io.flatnet.badinput;

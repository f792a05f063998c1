/**
 * Label selectors, the subset of Calico's selector language that BGPPeer {@code nodeSelector} and
 * {@code peerSelector} use: {@code all()}, {@code k == 'v'}, {@code k != 'v'}, {@code has(k)},
 * {@code !has(k)}, {@code k in {'a','b'}}, {@code k not in {...}}, {@code !}, {@code &&},
 * {@code ||} and parentheses. A small hand-written parser, so that an error can say at which
 * column the text stopped making sense and what would have been accepted there.
 */
package io.flatnet.agent.config.selector;

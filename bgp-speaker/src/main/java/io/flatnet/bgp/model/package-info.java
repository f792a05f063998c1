/**
 * Value types shared by every part of the speaker: prefixes and addresses, AS numbers, router
 * identifiers, address families and the three kinds of community (RFC 1997, RFC 4360, RFC 8092).
 *
 * <p>All types are immutable records or immutable classes with content equality. They validate
 * and canonicalise on construction (a prefix masks its host bits), so two values that mean the
 * same thing are always {@code equals}. Unsigned 32-bit protocol fields are held in {@code long}
 * or compared with {@link Integer#compareUnsigned}; nothing here depends on netty or the JDK's
 * {@code InetAddress}, whose lookups and allocation the hot path cannot afford.
 *
 * <p>The sub-package {@code model.route} holds a route's path attributes as the RIB and policy
 * see them ({@code RouteAttributes}), so that neither needs the wire package.
 */
package io.flatnet.bgp.model;

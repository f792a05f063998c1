package io.flatnet.bgp.wire.message;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.wire.capability.Capability;
import io.flatnet.bgp.wire.capability.FourOctetAsCapability;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * OPEN (RFC 4271 §4.2) with its capabilities (RFC 5492). {@code myAutonomousSystem} is the raw
 * 2-octet field (AS_TRANS when the real ASN needs 4 octets); {@link #asn()} gives the real one.
 */
public record Open(int version, int myAutonomousSystem, int holdTime, RouterId bgpIdentifier, List<Capability> capabilities)
        implements BgpMessage {
    public static final int BGP_VERSION = 4;

    public Open {
        if (myAutonomousSystem < 0 || myAutonomousSystem > 0xFFFF) {
            throw new IllegalArgumentException("My Autonomous System is a 2-octet field: " + myAutonomousSystem);
        }
        if (holdTime < 0 || holdTime > 0xFFFF) {
            throw new IllegalArgumentException("hold time is a 2-octet field: " + holdTime);
        }
        Objects.requireNonNull(bgpIdentifier, "bgpIdentifier");
        capabilities = List.copyOf(capabilities);
    }

    /** An OPEN for {@code asn}, writing AS_TRANS in the 2-octet field when it must. */
    public static Open of(Asn asn, int holdTime, RouterId id, List<Capability> capabilities) {
        return new Open(BGP_VERSION, asn.twoOctetValue(), holdTime, id, capabilities);
    }

    /** The speaker's real AS: the 4-octet capability's value when present (RFC 6793 §3). */
    public Asn asn() {
        return capability(FourOctetAsCapability.class).map(FourOctetAsCapability::asn).orElse(Asn.of(myAutonomousSystem));
    }

    public <T extends Capability> Optional<T> capability(Class<T> kind) {
        return capabilities.stream().filter(kind::isInstance).map(kind::cast).findFirst();
    }

    public <T extends Capability> List<T> capabilities(Class<T> kind) {
        return capabilities.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    @Override
    public MessageType type() {
        return MessageType.OPEN;
    }
}

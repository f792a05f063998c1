package io.flatnet.bgp.wire.open;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.capability.Capability;
import io.flatnet.bgp.wire.capability.GracefulRestartCapability;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Graceful restart (RFC 4724 §3, N bit from RFC 8538 §2): 4 bits of flags (R, N, two reserved)
 * and a 12-bit restart time, then per family AFI (2), SAFI (1) and flags (1, F in the top bit).
 * Reserved bits are dropped on receipt and sent as zero.
 */
final class GracefulRestartCodec implements CapabilityCodec<GracefulRestartCapability> {
    private static final int RESTARTING = 0x8000;
    private static final int NOTIFICATION = 0x4000;
    private static final int RESTART_TIME_MASK = 0x0FFF;
    private static final int FORWARDING_PRESERVED = 0x80;
    private static final int HEADER = 2;
    private static final int ENTRY = 4;

    @Override
    public int code() {
        return Capability.GRACEFUL_RESTART;
    }

    @Override
    public Class<GracefulRestartCapability> type() {
        return GracefulRestartCapability.class;
    }

    @Override
    public Capability decode(ByteBuf value) throws BgpWireException {
        int length = value.readableBytes();
        CapabilityCodecs.requireLength(length >= HEADER && (length - HEADER) % ENTRY == 0, code(), value, "2 + 4n");
        int head = value.readUnsignedShort();
        List<GracefulRestartCapability.Family> families = new ArrayList<>((length - HEADER) / ENTRY);
        while (value.isReadable()) {
            int afi = value.readUnsignedShort();
            int safi = value.readUnsignedByte();
            int flags = value.readUnsignedByte();
            families.add(new GracefulRestartCapability.Family(
                    new AddressFamily(afi, safi), (flags & FORWARDING_PRESERVED) != 0));
        }
        return new GracefulRestartCapability(
                (head & RESTARTING) != 0, (head & NOTIFICATION) != 0, head & RESTART_TIME_MASK, families);
    }

    @Override
    public void encode(GracefulRestartCapability capability, ByteBuf out) {
        int head = capability.restartTimeSeconds();
        if (capability.restarting()) {
            head |= RESTARTING;
        }
        if (capability.notification()) {
            head |= NOTIFICATION;
        }
        out.writeShort(head);
        for (GracefulRestartCapability.Family f : capability.families()) {
            out.writeShort(f.family().afi()).writeByte(f.family().safi());
            out.writeByte(f.forwardingStatePreserved() ? FORWARDING_PRESERVED : 0);
        }
    }
}

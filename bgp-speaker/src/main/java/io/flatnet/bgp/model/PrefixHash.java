package io.flatnet.bgp.model;

/**
 * The slot hash of the RIB's open-addressing prefix tables (Adj-RIB-In, Loc-RIB, Adj-RIB-Out).
 *
 * <p>It keeps neighbours together: the prefixes that differ only in the last {@value #RUN_BITS}
 * bits of their network part (sixteen consecutive /24s, say) get sixteen consecutive slots of one
 * aligned run, and the runs are scattered by a 64-bit mix of the rest of the key. Full tables and
 * pod-block allocations arrive sorted, so a burst of UPDATEs walks each table almost
 * sequentially: about one cache miss per sixteen slots instead of one per prefix. Prefixes of
 * different lengths or path ids land in unrelated runs. A table probing past an occupied slot
 * should jump to another run rather than to the next slot, or a run whose home is taken spills
 * into the neighbouring runs (the Loc-RIB's table does; see its {@code step}).
 */
public final class PrefixHash {
    /** log2 of the slots in one run of neighbours. */
    public static final int RUN_BITS = 4;

    private PrefixHash() {
    }

    /**
     * @param high   prefix bits, as {@link IpPrefix#high()} (0 for IPv4)
     * @param low    prefix bits, as {@link IpPrefix#low()} (the IPv4 address in the low 32 bits)
     * @param length prefix length
     * @param pathId the add-path id, 0 without add-path
     */
    public static int of(long high, long low, int length, int pathId) {
        long network; // the network part of the prefix as a number: consecutive prefixes differ by one
        if (length == 0) {
            network = 0;
        } else if (high == 0 && length <= 32) {
            network = low >>> (32 - length);
        } else if (length <= 64) {
            network = high >>> (64 - length);
        } else {
            network = (high << (length - 64)) ^ (low >>> (128 - length));
        }
        long h = (network >>> RUN_BITS) * 0x9E37_79B9_7F4A_7C15L + high;
        h = h * 0xC2B2_AE3D_27D4_EB4FL + (((long) length << 32) | (pathId & 0xFFFF_FFFFL));
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        return ((int) h << RUN_BITS) | (int) (network & ((1 << RUN_BITS) - 1));
    }
}

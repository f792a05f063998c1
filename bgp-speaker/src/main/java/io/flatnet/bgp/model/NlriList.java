package io.flatnet.bgp.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * An immutable, packed list of NLRI entries of one AFI, each a prefix and, when add-path
 * (RFC 7911) is in use, a path identifier. Packed into primitive arrays so that decoding a
 * 4096-byte UPDATE allocates a few arrays rather than one object per prefix; {@link #prefix(int)}
 * materialises a {@link IpPrefix} only when asked.
 */
public final class NlriList implements Iterable<IpPrefix> {
    private static final NlriList EMPTY_V4 = new NlriList(Afi.IPV4, false, new long[0], new byte[0], null, 0, 0);
    private static final NlriList EMPTY_V6 = new NlriList(Afi.IPV6, false, new long[0], new byte[0], null, 0, 0);

    private final Afi afi;
    private final boolean hasPathIds;
    /** One word per IPv4 entry (the address), two per IPv6 entry (high, low). */
    private final long[] bits;
    private final byte[] lengths;
    private final int[] pathIds;
    private final int size;
    private final int addressOctets;

    private NlriList(Afi afi, boolean hasPathIds, long[] bits, byte[] lengths, int[] pathIds, int size,
            int addressOctets) {
        this.afi = afi;
        this.hasPathIds = hasPathIds;
        this.bits = bits;
        this.lengths = lengths;
        this.pathIds = pathIds;
        this.size = size;
        this.addressOctets = addressOctets;
    }

    public static NlriList empty(Afi afi) {
        return afi == Afi.IPV4 ? EMPTY_V4 : EMPTY_V6;
    }

    /** A list without path ids holding the given prefixes, which must all be of {@code afi}. */
    public static NlriList of(Afi afi, List<IpPrefix> prefixes) {
        Builder b = builder(afi, false, prefixes.size());
        prefixes.forEach(b::add);
        return b.build();
    }

    public static NlriList of(IpPrefix first, IpPrefix... more) {
        Builder b = builder(first.afi(), false, 1 + more.length);
        b.add(first);
        for (IpPrefix p : more) {
            b.add(p);
        }
        return b.build();
    }

    public static Builder builder(Afi afi, boolean withPathIds) {
        return new Builder(afi, withPathIds, 16);
    }

    public static Builder builder(Afi afi, boolean withPathIds, int expectedSize) {
        return new Builder(afi, withPathIds, Math.max(1, expectedSize));
    }

    public Afi afi() {
        return afi;
    }

    public boolean hasPathIds() {
        return hasPathIds;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public IpPrefix prefix(int index) {
        Objects.checkIndex(index, size);
        if (afi == Afi.IPV4) {
            return new IpPrefix(Afi.IPV4, 0, bits[index], lengths[index] & 0xFF);
        }
        return new IpPrefix(Afi.IPV6, bits[2 * index], bits[2 * index + 1], lengths[index] & 0xFF);
    }

    /** IPv4 only: the prefix's address bits, without allocating. */
    public int v4Bits(int index) {
        Objects.checkIndex(index, size);
        return (int) bits[index];
    }

    /**
     * The high 64 address bits of an IPv6 entry (0 for IPv4), as in {@link IpPrefix#high()}; with
     * {@link #low(int)} it lets an encoder walk IPv6 entries without materialising prefixes.
     */
    public long high(int index) {
        Objects.checkIndex(index, size);
        return afi == Afi.IPV4 ? 0 : bits[2 * index];
    }

    /** The low 64 address bits of an entry (for IPv4, the address in the low 32), as in {@link IpPrefix#low()}. */
    public long low(int index) {
        Objects.checkIndex(index, size);
        return afi == Afi.IPV4 ? bits[index] : bits[2 * index + 1];
    }

    public int prefixLength(int index) {
        Objects.checkIndex(index, size);
        return lengths[index] & 0xFF; // a byte holds 0..128 only unsigned
    }

    /**
     * The octets the prefixes' addresses take in the NLRI encoding (RFC 4271 §4.3): the sum of
     * each length in bits rounded up to whole octets, without length octets or path ids. Kept as
     * entries are added, so that an encoder sizes a field without a pass over it.
     */
    public int addressOctets() {
        return addressOctets;
    }

    /** The add-path identifier, or 0 when this list carries none. */
    public long pathId(int index) {
        Objects.checkIndex(index, size);
        return hasPathIds ? Integer.toUnsignedLong(pathIds[index]) : 0;
    }

    /**
     * Entries {@code from} (inclusive) to {@code to} (exclusive) as a new list, path ids kept. Used to
     * split one long announcement over several UPDATEs without materialising prefixes.
     */
    public NlriList slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        if (from == 0 && to == size) {
            return this;
        }
        int count = to - from;
        if (count == 0) {
            return empty(afi);
        }
        int wordsPerEntry = afi == Afi.IPV4 ? 1 : 2;
        byte[] sliced = Arrays.copyOfRange(lengths, from, to);
        int octets = 0;
        for (byte length : sliced) {
            octets += octetsFor(length & 0xFF);
        }
        return new NlriList(
                afi,
                hasPathIds,
                Arrays.copyOfRange(bits, from * wordsPerEntry, to * wordsPerEntry),
                sliced,
                hasPathIds ? Arrays.copyOfRange(pathIds, from, to) : null,
                count,
                octets);
    }

    /** A read-only view as prefixes (path ids left out). */
    public List<IpPrefix> prefixes() {
        return new AbstractList<>() {
            @Override
            public IpPrefix get(int index) {
                return prefix(index);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Iterator<IpPrefix> iterator() {
        return prefixes().iterator();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NlriList other)) {
            return false;
        }
        int words = afi == Afi.IPV4 ? size : 2 * size;
        return afi == other.afi
                && hasPathIds == other.hasPathIds
                && size == other.size
                && Arrays.equals(bits, 0, words, other.bits, 0, words)
                && Arrays.equals(lengths, 0, size, other.lengths, 0, size)
                && (!hasPathIds || Arrays.equals(pathIds, 0, size, other.pathIds, 0, size));
    }

    @Override
    public int hashCode() {
        int h = afi.hashCode() * 31 + size;
        int words = afi == Afi.IPV4 ? size : 2 * size;
        for (int i = 0; i < words; i++) {
            h = h * 31 + Long.hashCode(bits[i]);
        }
        for (int i = 0; i < size; i++) {
            h = h * 31 + lengths[i] + (hasPathIds ? pathIds[i] * 7 : 0);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (hasPathIds) {
                sb.append("path ").append(pathId(i)).append(' ');
            }
            sb.append(prefix(i));
        }
        return sb.append(']').toString();
    }

    private static int octetsFor(int prefixLength) {
        return (prefixLength + 7) >>> 3;
    }

    /** Accumulates entries; not thread-safe; {@link #build()} may be called once. */
    public static final class Builder {
        private final Afi afi;
        private final boolean withPathIds;
        private long[] bits;
        private byte[] lengths;
        private int[] pathIds;
        private int size;
        private int addressOctets;

        private Builder(Afi afi, boolean withPathIds, int capacity) {
            this.afi = Objects.requireNonNull(afi);
            this.withPathIds = withPathIds;
            this.bits = new long[afi == Afi.IPV4 ? capacity : 2 * capacity];
            this.lengths = new byte[capacity];
            this.pathIds = withPathIds ? new int[capacity] : null;
        }

        public Builder add(IpPrefix prefix) {
            return add(0, prefix);
        }

        public Builder add(long pathId, IpPrefix prefix) {
            if (prefix.afi() != afi) {
                throw new IllegalArgumentException("prefix " + prefix + " is not " + afi);
            }
            grow();
            if (afi == Afi.IPV4) {
                bits[size] = prefix.low();
            } else {
                bits[2 * size] = prefix.high();
                bits[2 * size + 1] = prefix.low();
            }
            finish(pathId, prefix.length());
            return this;
        }

        /** IPv4 fast path: bits beyond {@code length} must already be zero. */
        public Builder addV4(long pathId, int addressBits, int length) {
            grow();
            bits[size] = Integer.toUnsignedLong(addressBits);
            finish(pathId, length);
            return this;
        }

        /** IPv6 fast path: bits beyond {@code length} must already be zero. */
        public Builder addV6(long pathId, long high, long low, int length) {
            grow();
            bits[2 * size] = high;
            bits[2 * size + 1] = low;
            finish(pathId, length);
            return this;
        }

        public int size() {
            return size;
        }

        private void finish(long pathId, int length) {
            if (length < 0 || length > afi.maxPrefixLength()) {
                throw new IllegalArgumentException("prefix length " + length + " out of range for " + afi);
            }
            lengths[size] = (byte) length;
            if (withPathIds) {
                pathIds[size] = (int) pathId;
            }
            size++;
            addressOctets += octetsFor(length);
        }

        private void grow() {
            if (size == lengths.length) {
                int capacity = lengths.length * 2;
                lengths = Arrays.copyOf(lengths, capacity);
                bits = Arrays.copyOf(bits, afi == Afi.IPV4 ? capacity : 2 * capacity);
                if (withPathIds) {
                    pathIds = Arrays.copyOf(pathIds, capacity);
                }
            }
        }

        public NlriList build() {
            // An empty list means the same with or without path ids; one canonical value keeps
            // equals() true between a decoded End-of-RIB on an add-path session and Update.endOfRib.
            if (size == 0) {
                return empty(afi);
            }
            return new NlriList(afi, withPathIds, bits, lengths, pathIds, size, addressOctets);
        }
    }
}

package io.flatnet.bgp.rib;

/**
 * Knobs of the decision process.
 *
 * @param defaultLocalPref  the LOCAL_PREF of a path that carries none (RFC 4271 leaves it to
 *                          configuration; 100 as in BIRD, FRR and Cisco)
 * @param alwaysCompareMed  compare MED between paths from different neighbouring ASes too
 * @param missingMedAsWorst a path without MED counts as MED 4294967295 instead of 0 (RFC 4271
 *                          §9.1.2.2 c says 0, the default)
 * @param maxPaths          the most paths installed for ECMP, the best included; 1 turns ECMP off
 */
public record BestPathOptions(long defaultLocalPref, boolean alwaysCompareMed, boolean missingMedAsWorst, int maxPaths) {
    public static final BestPathOptions DEFAULT = new BestPathOptions(100, false, false, 1);

    public BestPathOptions {
        if (defaultLocalPref < 0 || defaultLocalPref > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("LOCAL_PREF is unsigned 32-bit: " + defaultLocalPref);
        }
        if (maxPaths < 1) {
            throw new IllegalArgumentException("maxPaths must be at least 1: " + maxPaths);
        }
    }

    public BestPathOptions withMaxPaths(int value) {
        return new BestPathOptions(defaultLocalPref, alwaysCompareMed, missingMedAsWorst, value);
    }

    public BestPathOptions withAlwaysCompareMed(boolean value) {
        return new BestPathOptions(defaultLocalPref, value, missingMedAsWorst, maxPaths);
    }

    public BestPathOptions withMissingMedAsWorst(boolean value) {
        return new BestPathOptions(defaultLocalPref, alwaysCompareMed, value, maxPaths);
    }
}

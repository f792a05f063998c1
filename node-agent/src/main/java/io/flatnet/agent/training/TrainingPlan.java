package io.flatnet.agent.training;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;

/**
 * Who is who in the training run, shared by its two processes: the speaker under training
 * ({@link AotTrainingRun}) and its peers ({@link TrainingPeers}). Every address is on loopback,
 * which Linux answers for in all of 127.0.0.0/8: no root, no namespace.
 */
final class TrainingPlan {
    /** Blocks each reflector client originates, as a node with a few pod CIDR blocks. */
    static final int BLOCKS_PER_CLIENT = 4;
    static final int MAX_CLIENTS = 250;
    static final int MAX_RELAYED = 1_000_000;

    static final Asn CLUSTER_AS = Asn.of(64512);
    static final Asn FEEDER_AS = Asn.of(64601);
    static final Asn MONITOR_AS = Asn.of(64602);
    static final RouterId TRAINEE_ID = RouterId.parse("100.64.0.1");
    static final IpAddress TRAINEE = IpAddress.parse("127.0.0.1");
    static final IpAddress FEEDER = IpAddress.parse("127.0.2.1");
    static final IpAddress MONITOR = IpAddress.parse("127.0.2.2");

    private TrainingPlan() {
    }

    /** Reflector client {@code i} (1 to {@value #MAX_CLIENTS}) connects from 127.0.1.i. */
    static IpAddress clientAddress(int i) {
        return IpAddress.parse("127.0.1." + i);
    }

    /** Throws when the sizes do not fit the plan's addresses. */
    static void checkSizes(int clients, int prefixes) {
        if (clients < 1 || clients > MAX_CLIENTS) {
            throw new IllegalArgumentException("clients must be 1 to " + MAX_CLIENTS + ", not " + clients);
        }
        if (prefixes < 1 || prefixes > MAX_RELAYED) {
            throw new IllegalArgumentException("prefixes must be 1 to " + MAX_RELAYED + ", not " + prefixes);
        }
    }
}

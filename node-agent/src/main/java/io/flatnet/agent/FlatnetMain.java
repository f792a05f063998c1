package io.flatnet.agent;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.SpeakerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code flatnet} command: runs the agent in the foreground until SIGTERM or SIGINT. */
@Command(
        name = "flatnet",
        mixinStandardHelpOptions = true,
        version = "flatnet 0.1.0",
        description = "BGP agent for flat Kubernetes pod networks: advertises this node's prefixes to its peers.")
public final class FlatnetMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(FlatnetMain.class);

    @Option(names = "--asn", required = true, description = "this node's AS number (asplain or asdot)")
    String asn;

    @Option(names = "--router-id", required = true, description = "BGP identifier, a dotted quad")
    String routerId;

    @Option(names = "--listen", description = "address to accept BGP connections on (repeatable; default: all)")
    List<String> listen = new ArrayList<>();

    @Option(names = "--port", defaultValue = "179", description = "TCP port to listen on (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--no-listen", description = "only connect out; accept no connections")
    boolean noListen;

    @Option(names = "--hold-time", defaultValue = "90", description = "hold time offered, seconds (default: ${DEFAULT-VALUE})")
    int holdTime;

    @Option(names = "--peer", description = "a BGP peer: ADDRESS,as=ASN[,port=N][,password=KEY][,passive][,hold=S]"
            + "[,ttl-security=HOPS][,max-prefixes=N] (repeatable)")
    List<String> peers = new ArrayList<>();

    @Option(names = "--advertise", description = "a prefix to advertise, e.g. a pod CIDR block 10.244.1.0/24 (repeatable)")
    List<String> advertise = new ArrayList<>();

    @Option(names = "--status-interval", defaultValue = "0",
            description = "print the peer table every N seconds; 0 never (default: ${DEFAULT-VALUE})")
    int statusInterval;

    @Option(names = "--decommission-on-exit",
            description = "on exit, send Cease 6/2 and withdraw instead of the default graceful stop")
    boolean decommission;

    public static void main(String[] args) {
        int code = new CommandLine(new FlatnetMain()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("flatnet: " + e.getMessage());
                return 2;
            }
            throw e;
        }).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        SpeakerConfig config = speakerConfig();
        Set<PeerConfig> peerConfigs = new LinkedHashSet<>();
        for (String spec : peers) {
            peerConfigs.add(PeerSpec.parse(spec));
        }
        Set<Advertisement> advertisements = new LinkedHashSet<>();
        for (String cidr : advertise) {
            try {
                advertisements.add(Advertisement.of(cidr));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--advertise " + cidr + ": " + e.getMessage(), e);
            }
        }
        BgpSpeaker speaker = BgpSpeaker.start(config);
        speaker.setAdvertisements(advertisements);
        speaker.setPeers(peerConfigs);
        log.info("flatnet started: AS {}, router id {}, {} peer(s), {} prefix(es) advertised, listening on {}",
                config.localAsn(), config.routerId(), peerConfigs.size(), advertisements.size(),
                config.listen() ? speaker.listenAddresses() : "nothing");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Graceful by default: peers with graceful restart keep our routes while we are away.
            speaker.shutdown(!decommission, "flatnet agent stopping");
            speaker.close();
            stopped.countDown();
        }, "flatnet-shutdown"));
        if (statusInterval > 0) {
            StatusPrinter.every(Duration.ofSeconds(statusInterval), speaker);
        }
        stopped.await();
        return 0;
    }

    private SpeakerConfig speakerConfig() {
        SpeakerConfig config;
        try {
            config = SpeakerConfig.of(Asn.parse(asn), RouterId.parse(routerId));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--asn/--router-id: " + e.getMessage(), e);
        }
        if (noListen) {
            config = config.withoutListener();
        } else {
            List<IpAddress> addresses = new ArrayList<>();
            for (String a : listen) {
                try {
                    addresses.add(IpAddress.parse(a));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--listen " + a + ": " + e.getMessage(), e);
                }
            }
            config = config.withListen(addresses, port);
        }
        try {
            return config.withHoldTime(Duration.ofSeconds(holdTime));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--hold-time " + holdTime + ": " + e.getMessage(), e);
        }
    }
}

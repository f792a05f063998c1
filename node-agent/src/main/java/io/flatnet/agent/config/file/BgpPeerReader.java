package io.flatnet.agent.config.file;

import io.flatnet.agent.config.model.BgpFilter;
import io.flatnet.agent.config.model.BgpPassword;
import io.flatnet.agent.config.model.BgpPeerSpec;
import io.flatnet.agent.config.model.NextHopMode;
import io.flatnet.agent.config.model.NodeResource;
import io.flatnet.agent.config.model.PeerAddress;
import io.flatnet.agent.config.model.SourceAddressMode;
import io.flatnet.agent.config.selector.Selector;
import io.flatnet.bgp.model.Asn;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads {@code BGPPeer.spec} and refuses the combinations Calico refuses. */
final class BgpPeerReader {
    /** The hold time offered is three keepalives, and must fit 3..65535 s. */
    static final long MAX_KEEPALIVE_SECONDS = 65535 / 3;

    private BgpPeerReader() {}

    static BgpPeerSpec read(Fields spec) {
        Context ctx = spec.context();
        Optional<PeerAddress> peerIP = spec.read("peerIP", Values::peerAddress);
        Optional<Asn> asNumber = spec.read("asNumber", Values::asn);
        Optional<String> node = spec.read("node", Values::name);
        node.ifPresent(n -> ctx.reference(NodeResource.KIND, n, spec.line("node"), spec.path("node")));
        Optional<Selector> nodeSelector = spec.read("nodeSelector", Values::selector);
        Optional<Selector> peerSelector = spec.read("peerSelector", Values::selector);
        Optional<BgpPassword> password = spec.read("password", PasswordReader::read);
        SourceAddressMode source = spec.read("sourceAddress", Values.enumOf(SourceAddressMode.class),
                SourceAddressMode.USE_NODE_IP);
        NextHopMode nextHop = spec.read("nextHopMode", Values.enumOf(NextHopMode.class), NextHopMode.AUTO);
        Optional<Duration> restart = spec.read("maxRestartTime", Values::restartTime);
        Optional<Duration> keepalive = spec.read("keepaliveTime", BgpPeerReader::keepalive);
        int ttlSecurity = spec.read("ttlSecurity", Values.integer(0, 254, "a hop count"), 0);
        List<String> filters = spec.list("filters", Values::name);
        for (int i = 0; i < filters.size(); i++) {
            ctx.reference(BgpFilter.KIND, filters.get(i), spec.line("filters"), spec.path("filters") + "[" + i + "]");
        }
        boolean keepOriginal = spec.read("keepOriginalNextHop", Values::bool, false);

        boolean hasPeerIP = spec.has("peerIP");
        boolean hasPeerSelector = spec.has("peerSelector");
        if (!hasPeerIP && !hasPeerSelector) {
            spec.missing("peerIP", "the peer's address (with asNumber), or a peerSelector choosing Node resources");
        }
        if (hasPeerIP && hasPeerSelector) {
            ctx.problem(spec.line("peerSelector"), spec.path("peerSelector"),
                    "set together with peerIP; expected one of them: peerIP for one address, peerSelector for nodes");
        }
        if (hasPeerIP && !hasPeerSelector && !spec.has("asNumber")) {
            spec.missing("asNumber", "the AS number of the peer at peerIP");
        }
        if (hasPeerSelector && spec.has("asNumber")) {
            ctx.problem(spec.line("asNumber"), spec.path("asNumber"),
                    "set together with peerSelector; expected it empty: the selected nodes' own AS numbers are used");
        }
        if (spec.has("node") && spec.has("nodeSelector")) {
            ctx.problem(spec.line("nodeSelector"), spec.path("nodeSelector"),
                    "set together with node; expected one of them: node for one node, nodeSelector for several");
        }
        if (keepOriginal && spec.has("nextHopMode") && nextHop != NextHopMode.KEEP) {
            ctx.problem(spec.line("keepOriginalNextHop"), spec.path("keepOriginalNextHop"),
                    "true contradicts nextHopMode " + nextHop.yamlName() + "; expected nextHopMode Keep or no"
                            + " keepOriginalNextHop");
        }
        spec.finish();
        return new BgpPeerSpec(peerIP, asNumber, node, nodeSelector, peerSelector, password, source, nextHop, restart,
                keepalive, ttlSecurity, filters, keepOriginal);
    }

    private static Duration keepalive(Context ctx, YamlNode node, String path) {
        Duration d = Values.duration(ctx, node, path);
        if (d != null && (d.toNanos() % 1_000_000_000L != 0 || d.toSeconds() < 1
                || d.toSeconds() > MAX_KEEPALIVE_SECONDS)) {
            ctx.problem(node.line(), path, node.describe() + " is out of range; expected whole seconds 1s.."
                    + MAX_KEEPALIVE_SECONDS + "s (the hold time offered is three times it, at most 65535s)");
            return null;
        }
        return d;
    }
}

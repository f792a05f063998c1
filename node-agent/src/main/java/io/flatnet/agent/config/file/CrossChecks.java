package io.flatnet.agent.config.file;

import io.flatnet.agent.config.ConfigProblem;
import io.flatnet.agent.config.model.BgpConfiguration;
import io.flatnet.agent.config.model.InterfaceAddress;
import io.flatnet.agent.config.model.NodeResource;
import io.flatnet.bgp.model.IpAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rules about the resources together, checked once every document is read: names unique per
 * kind, the one BGPConfiguration named {@code default}, names that BGPPeers refer to defined, no
 * two nodes on one BGP address (the mesh would peer with itself).
 */
final class CrossChecks {
    private CrossChecks() {}

    static void check(Context ctx, List<ConfigFileLoader.Placed> placed) {
        Map<String, ConfigFileLoader.Placed> byKindAndName = new HashMap<>();
        Map<IpAddress, ConfigFileLoader.Placed> byAddress = new HashMap<>();
        for (ConfigFileLoader.Placed p : placed) {
            String key = p.resource().kind() + "/" + p.resource().name();
            ConfigFileLoader.Placed first = byKindAndName.putIfAbsent(key, p);
            if (first != null) {
                add(ctx, p, p.line(), "metadata.name", "a " + p.resource().kind() + " named '" + p.resource().name()
                        + "' is already defined in document " + first.document() + "; expected names unique per kind");
            }
            if (p.resource() instanceof BgpConfiguration c && !c.name().equals(BgpConfiguration.DEFAULT_NAME)) {
                add(ctx, p, p.line(), "metadata.name", "'" + c.name() + "' is not read; expected '"
                        + BgpConfiguration.DEFAULT_NAME + "', the cluster-wide BGPConfiguration"
                        + " (per-node ones are not supported yet)");
            }
            if (p.resource() instanceof NodeResource n) {
                for (Optional<InterfaceAddress> a : List.of(n.spec().bgp().ipv4Address(), n.spec().bgp().ipv6Address())) {
                    if (a.isEmpty()) {
                        continue;
                    }
                    ConfigFileLoader.Placed other = byAddress.putIfAbsent(a.get().address(), p);
                    if (other != null) {
                        add(ctx, p, 0, "spec.bgp." + (a.get().address().isV4() ? "ipv4Address" : "ipv6Address"),
                                a.get().address() + " is also the address of Node '" + other.resource().name()
                                        + "' (document " + other.document() + "); expected one address per node");
                    }
                }
            }
        }
        for (Context.Reference r : ctx.references) {
            if (!byKindAndName.containsKey(r.kind() + "/" + r.name())) {
                List<String> names = placed.stream().map(ConfigFileLoader.Placed::resource)
                        .filter(x -> x.kind().equals(r.kind())).map(x -> x.name()).toList();
                String hint = names.isEmpty() ? "this file defines no " + r.kind()
                        : Suggestions.closest(r.name(), names).map(c -> "did you mean '" + c + "'?")
                                .orElse("defined: " + String.join(", ", names));
                ctx.problems.add(new ConfigProblem(ctx.source, r.document(), r.resource(), r.line(), r.field(),
                        "no " + r.kind() + " named '" + r.name() + "'; " + hint));
            }
        }
    }

    private static void add(Context ctx, ConfigFileLoader.Placed p, int line, String field, String message) {
        ctx.problems.add(new ConfigProblem(ctx.source, p.document(), p.label(), line, field, message));
    }
}

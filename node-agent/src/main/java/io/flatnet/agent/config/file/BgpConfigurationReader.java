package io.flatnet.agent.config.file;

import io.flatnet.agent.config.model.BgpConfigurationSpec;
import io.flatnet.agent.config.model.BindMode;
import io.flatnet.agent.config.model.CommunityDefinition;
import io.flatnet.agent.config.model.CommunityValue;
import io.flatnet.agent.config.model.LogSeverity;
import io.flatnet.agent.config.model.PrefixAdvertisement;
import io.flatnet.bgp.model.IpPrefix;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code BGPConfiguration.spec}, applying Calico's defaults. */
final class BgpConfigurationReader {
    private BgpConfigurationReader() {}

    static BgpConfigurationSpec read(Fields spec) {
        Context ctx = spec.context();
        BgpConfigurationSpec d = BgpConfigurationSpec.DEFAULTS;
        var asNumber = spec.read("asNumber", Values::asn, d.asNumber());
        boolean mesh = spec.read("nodeToNodeMeshEnabled", Values::bool, d.nodeToNodeMeshEnabled());
        int listenPort = spec.read("listenPort", Values.integer(1, 65535, "a TCP port"), d.listenPort());
        List<IpPrefix> clusterIPs = spec.list("serviceClusterIPs", BgpConfigurationReader::serviceCidr);
        List<IpPrefix> externalIPs = spec.list("serviceExternalIPs", BgpConfigurationReader::serviceCidr);
        List<IpPrefix> loadBalancerIPs = spec.list("serviceLoadBalancerIPs", BgpConfigurationReader::serviceCidr);
        List<CommunityDefinition> communities = spec.list("communities", BgpConfigurationReader::community);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < communities.size(); i++) {
            Integer first = seen.putIfAbsent(communities.get(i).name(), i);
            if (first != null) {
                ctx.problem(spec.line("communities"), spec.path("communities") + "[" + i + "].name",
                        "'" + communities.get(i).name() + "' is already defined at communities[" + first
                                + "]; expected unique names");
            }
        }
        List<PrefixAdvertisement> prefixAdvertisements = spec.list("prefixAdvertisements",
                BgpConfigurationReader::prefixAdvertisement);
        Optional<io.flatnet.agent.config.model.BgpPassword> password = spec.read("nodeMeshPassword",
                PasswordReader::read);
        var restart = spec.read("nodeMeshMaxRestartTime", Values::restartTime);
        BindMode bindMode = spec.read("bindMode", Values.enumOf(BindMode.class), d.bindMode());
        LogSeverity log = spec.read("logSeverityScreen", Values.enumOf(LogSeverity.class), d.logSeverityScreen());
        boolean ebgpRequiresPolicy = spec.read("ebgpRequiresPolicy", Values::bool, d.ebgpRequiresPolicy());
        BgpConfigurationSpec result = new BgpConfigurationSpec(asNumber, mesh, listenPort, clusterIPs, externalIPs,
                loadBalancerIPs, communities, prefixAdvertisements, password, restart, bindMode, log,
                ebgpRequiresPolicy);
        checkCommunityReferences(spec, result);
        spec.finish();
        return result;
    }

    /** Each community of a prefix advertisement is a defined name or a literal value. */
    private static void checkCommunityReferences(Fields spec, BgpConfigurationSpec result) {
        List<String> names = result.communities().stream().map(CommunityDefinition::name).toList();
        for (int i = 0; i < result.prefixAdvertisements().size(); i++) {
            List<String> used = result.prefixAdvertisements().get(i).communities();
            for (int j = 0; j < used.size(); j++) {
                if (result.resolveCommunity(used.get(j)).isEmpty()) {
                    String known = names.isEmpty() ? "none are defined"
                            : Suggestions.closest(used.get(j), names).map(c -> "did you mean '" + c + "'?")
                                    .orElse("defined: " + String.join(", ", names));
                    spec.context().problem(spec.line("prefixAdvertisements"),
                            spec.path("prefixAdvertisements") + "[" + i + "].communities[" + j + "]",
                            "'" + used.get(j) + "' is neither a name from spec.communities (" + known
                                    + ") nor a community value aa:nn or aa:nn:mm");
                }
            }
        }
    }

    private static IpPrefix serviceCidr(Context ctx, YamlNode node, String path) {
        Fields f = Fields.of(ctx, node, path);
        if (f == null) {
            return null;
        }
        Optional<IpPrefix> cidr = f.require("cidr", Values::cidr, "a CIDR such as 10.96.0.0/12");
        f.finish();
        return cidr.orElse(null);
    }

    private static CommunityDefinition community(Context ctx, YamlNode node, String path) {
        Fields f = Fields.of(ctx, node, path);
        if (f == null) {
            return null;
        }
        Optional<String> name = f.require("name", Values::string, "a name for the community");
        Optional<CommunityValue> value = f.require("value", Values::community, "aa:nn or aa:nn:mm");
        f.finish();
        return name.isPresent() && value.isPresent() ? new CommunityDefinition(name.get(), value.get()) : null;
    }

    private static PrefixAdvertisement prefixAdvertisement(Context ctx, YamlNode node, String path) {
        Fields f = Fields.of(ctx, node, path);
        if (f == null) {
            return null;
        }
        Optional<IpPrefix> cidr = f.require("cidr", Values::cidr, "a CIDR");
        List<String> communities = f.list("communities", Values::string);
        f.finish();
        return cidr.map(c -> new PrefixAdvertisement(c, communities)).orElse(null);
    }
}

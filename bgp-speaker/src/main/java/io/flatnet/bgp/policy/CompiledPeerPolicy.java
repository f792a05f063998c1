package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.route.AsPath;
import io.flatnet.bgp.model.route.AsPathSegment;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link PeerPolicy} ready for the hot path: the rules of all filters flattened into one array
 * per direction and family, with the rejection of each rule built once.
 *
 * <p>Import, in order: RFC 8212 (an eBGP peer without policy: everything rejected); for eBGP, a
 * route carrying our AS in its AS_PATH is rejected (RFC 4271 §9.1.2) and a received LOCAL_PREF
 * is dropped (RFC 4271 §5.1.5), so that the decision process can trust LOCAL_PREF; the protocol
 * rules' import check (route-reflection loops); the filters, first match wins; otherwise accept.
 *
 * <p>Export, in order: RFC 8212; the protocol rules' export check (iBGP split horizon or
 * reflection, which may set ORIGINATOR_ID and CLUSTER_LIST); the filters, first match wins;
 * otherwise the default: the node's own routes go out, learned routes only when the protocol
 * rules export them by default (what a reflector reflects).
 *
 * <p>Runs on the RIB thread. A route that passes untouched gets {@link PolicyResult#unchanged()}
 * and nothing is allocated for it.
 */
public final class CompiledPeerPolicy implements ImportPolicy, ExportPolicy {
    static final PolicyResult DEFAULT_EXPORT_REJECT = PolicyResult.rejected(
            "default export: only the node's own routes are advertised (no filter rule matched this learned route)");
    static final PolicyResult OWN_AS_IN_PATH = PolicyResult.rejected("AS loop: our AS is in the AS_PATH (RFC 4271 §9.1.2)");

    private final PeerPolicy policy;
    private final ProtocolRules rules;
    private final FilterRule[] importV4;
    private final PolicyResult[] importV4Rejects;
    private final FilterRule[] importV6;
    private final PolicyResult[] importV6Rejects;
    private final FilterRule[] exportV4;
    private final PolicyResult[] exportV4Rejects;
    private final FilterRule[] exportV6;
    private final PolicyResult[] exportV6Rejects;

    /** The last RFC 8212 rejection built, per direction: its reason names the peer. */
    private Rfc8212 lastImportRefusal;
    private Rfc8212 lastExportRefusal;

    private record Rfc8212(PeerContext peer, PolicyResult result) {
    }

    CompiledPeerPolicy(PeerPolicy policy, ProtocolRules rules) {
        this.policy = policy;
        this.rules = rules;
        List<FilterRule> rulesOut = new ArrayList<>();
        List<PolicyResult> rejectsOut = new ArrayList<>();
        flatten(BgpFilter.Direction.IMPORT, Afi.IPV4, rulesOut, rejectsOut);
        importV4 = rulesOut.toArray(FilterRule[]::new);
        importV4Rejects = rejectsOut.toArray(PolicyResult[]::new);
        flatten(BgpFilter.Direction.IMPORT, Afi.IPV6, rulesOut, rejectsOut);
        importV6 = rulesOut.toArray(FilterRule[]::new);
        importV6Rejects = rejectsOut.toArray(PolicyResult[]::new);
        flatten(BgpFilter.Direction.EXPORT, Afi.IPV4, rulesOut, rejectsOut);
        exportV4 = rulesOut.toArray(FilterRule[]::new);
        exportV4Rejects = rejectsOut.toArray(PolicyResult[]::new);
        flatten(BgpFilter.Direction.EXPORT, Afi.IPV6, rulesOut, rejectsOut);
        exportV6 = rulesOut.toArray(FilterRule[]::new);
        exportV6Rejects = rejectsOut.toArray(PolicyResult[]::new);
    }

    private void flatten(BgpFilter.Direction direction, Afi afi, List<FilterRule> rulesOut, List<PolicyResult> rejectsOut) {
        rulesOut.clear();
        rejectsOut.clear();
        for (BgpFilter filter : policy.filters()) {
            List<FilterRule> list = filter.rules(direction, afi);
            for (int i = 0; i < list.size(); i++) {
                rulesOut.add(list.get(i));
                rejectsOut.add(list.get(i).action() == RuleAction.REJECT
                        ? PolicyResult.rejected("filter '" + filter.name() + "' " + BgpFilter.listName(direction, afi)
                                + " rule " + i + ": Reject")
                        : null);
            }
        }
    }

    /**
     * Whether the export verdict for {@code afi} may differ between two prefixes with the same
     * attributes, source and peer: a filter rule matches on the prefix, or the protocol rules read it.
     */
    public boolean exportReadsPrefix(Afi afi) {
        return rules.exportReadsPrefix() || matchesPrefix(afi == Afi.IPV4 ? exportV4 : exportV6);
    }

    /** The import side of {@link #exportReadsPrefix}: whether the verdict may differ between prefixes. */
    @Override
    public boolean readsPrefix(Afi afi) {
        return rules.importReadsPrefix() || matchesPrefix(afi == Afi.IPV4 ? importV4 : importV6);
    }

    private static boolean matchesPrefix(FilterRule[] rules) {
        for (FilterRule rule : rules) {
            if (rule.cidr().isPresent() || rule.prefixLength().isPresent()) {
                return true;
            }
        }
        return false;
    }

    public PeerPolicy policy() {
        return policy;
    }

    public ProtocolRules rules() {
        return rules;
    }

    @Override
    public PolicyResult importRoute(IpPrefix prefix, RouteAttributes attributes, PeerContext from) {
        RouteAttributes received = attributes;
        if (from.isEbgp()) {
            if (!policy.configured()) {
                return importRefusal(from);
            }
            if (pathHolds(received.asPath(), from.localAs())) {
                return OWN_AS_IN_PATH;
            }
            if (received.localPref().isPresent()) {
                received = received.withoutLocalPref();
            }
        }
        PolicyResult checked = rules.importRoute(prefix, received, from);
        if (checked.isRejected()) {
            return checked;
        }
        RouteAttributes current = checked.attributes(received);
        boolean v4 = prefix.afi() == Afi.IPV4;
        FilterRule[] list = v4 ? importV4 : importV6;
        int i = firstMatch(list, prefix, current, from.sourceKind(), from.peerType());
        if (i >= 0) {
            if (list[i].action() == RuleAction.REJECT) {
                return (v4 ? importV4Rejects : importV6Rejects)[i];
            }
            current = list[i].applyOperations(current, from.localAs());
        }
        return PolicyResult.accepted(attributes, current);
    }

    @Override
    public PolicyResult exportRoute(IpPrefix prefix, RouteAttributes attributes, SourceFacts source, PeerContext to) {
        if (!policy.configured() && to.isEbgp()) {
            return exportRefusal(to);
        }
        PolicyResult checked = rules.exportRoute(prefix, attributes, source, to);
        if (checked.isRejected()) {
            return checked;
        }
        RouteAttributes current = checked.attributes(attributes);
        boolean v4 = prefix.afi() == Afi.IPV4;
        FilterRule[] list = v4 ? exportV4 : exportV6;
        SourceKind sourceKind = source.sourceKind();
        int i = firstMatch(list, prefix, current, sourceKind, to.peerType());
        if (i >= 0) {
            if (list[i].action() == RuleAction.REJECT) {
                return (v4 ? exportV4Rejects : exportV6Rejects)[i];
            }
            RouteAttributes after = list[i].applyOperations(current, to.localAs());
            return after == current ? checked : PolicyResult.accepted(attributes, after);
        }
        if (sourceKind == SourceKind.LOCAL || rules.exportsLearnedByDefault(source, to)) {
            return checked;
        }
        return DEFAULT_EXPORT_REJECT;
    }

    /** Index of the first rule that matches (first match wins, Calico's order), or -1. */
    private static int firstMatch(FilterRule[] rules, IpPrefix prefix, RouteAttributes attributes, SourceKind source,
            PeerType sessionType) {
        for (int i = 0; i < rules.length; i++) {
            if (rules[i].matches(prefix, attributes, source, sessionType)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code AsPath.contains} without its iterators. */
    private static boolean pathHolds(AsPath path, Asn asn) {
        List<AsPathSegment> segments = path.segments();
        for (int s = 0; s < segments.size(); s++) {
            List<Asn> asns = segments.get(s).asns();
            for (int i = 0; i < asns.size(); i++) {
                if (asns.get(i).value() == asn.value()) {
                    return true;
                }
            }
        }
        return false;
    }

    private PolicyResult importRefusal(PeerContext from) {
        Rfc8212 last = lastImportRefusal;
        if (last == null || last.peer() != from) {
            last = new Rfc8212(from, PolicyResult.rejected("RFC 8212: no policy configured for eBGP peer "
                    + from.address() + " (AS" + from.peerAs() + "): nothing it sends is accepted"));
            lastImportRefusal = last;
        }
        return last.result();
    }

    private PolicyResult exportRefusal(PeerContext to) {
        Rfc8212 last = lastExportRefusal;
        if (last == null || last.peer() != to) {
            last = new Rfc8212(to, PolicyResult.rejected("RFC 8212: no policy configured for eBGP peer "
                    + to.address() + " (AS" + to.peerAs() + "): it is sent nothing"));
            lastExportRefusal = last;
        }
        return last.result();
    }

    @Override
    public String toString() {
        return policy + " over " + rules;
    }
}

package io.flatnet.agent.config.policy;

import io.flatnet.agent.config.ConfigException;
import io.flatnet.agent.config.ConfigProblem;
import io.flatnet.agent.config.model.BgpFilter;
import io.flatnet.agent.config.model.BgpFilterRule;
import io.flatnet.agent.config.model.CommunityValue;
import io.flatnet.agent.config.model.FilterAction;
import io.flatnet.agent.config.model.FilterOperation;
import io.flatnet.agent.config.model.MatchOperator;
import io.flatnet.agent.config.model.NextHopMode;
import io.flatnet.agent.config.model.PeerType;
import io.flatnet.agent.config.model.RuleSource;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.policy.CidrMatch;
import io.flatnet.bgp.policy.FilterRule;
import io.flatnet.bgp.policy.Operation;
import io.flatnet.bgp.policy.PrefixLengthRange;
import io.flatnet.bgp.policy.SourceMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * BGPFilter resources to the speaker's {@link io.flatnet.bgp.policy.BgpFilter}.
 *
 * <p>Field by field: {@code action}; {@code cidr} with {@code matchOperator}; {@code prefixLength}
 * (an unset bound is 0 or the family's maximum, as in Calico); {@code source: RemotePeers};
 * {@code peerType}; {@code communities.values} (standard {@code aa:nn} and large
 * {@code aa:nn:mm}); {@code asPathPrefix}; and the operations {@code addCommunity} (standard or
 * large) and {@code prependASPath} (the listed ASes end up in front of the path, in the order
 * written).
 *
 * <p>Two Calico fields concern routes flatnet does not have, and are said so in a warning
 * instead of silently changing what a rule means:
 * <ul>
 *   <li>{@code interface} matches routes by the interface they come from (Calico's BIRD learns
 *       routes from the kernel). flatnet's routes come from BGP peers or from the node's own
 *       advertisements, never from an interface, so such a rule matches nothing: it is left
 *       out.</li>
 *   <li>{@code setPriority} sets the kernel metric of an imported route. The speaker has no
 *       such attribute yet: the rule accepts, without the priority.</li>
 * </ul>
 * Anything the speaker refuses (a prefix of the wrong family, more than
 * {@link Operation.PrependAsPath#MAX_TIMES} of one AS prepended in a row) is a
 * {@link ConfigProblem} naming the filter and the field.
 */
public final class PolicyMapping {
    private PolicyMapping() {}

    /**
     * A filter as the speaker takes it, and what was left out of it.
     *
     * @param warnings one line per left-out field, naming the filter and the rule
     */
    public record Mapped(io.flatnet.bgp.policy.BgpFilter filter, List<String> warnings) {
        public Mapped {
            Objects.requireNonNull(filter, "filter");
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Maps one filter. Problems name {@code source}, the resource {@code BGPFilter NAME} and the
     * field ({@code spec.exportV4[0].cidr}); their document and line are 0 (the file loader fills
     * in the document).
     */
    public static Mapped map(BgpFilter filter, String source) throws ConfigException {
        Mapper m = new Mapper(filter, source);
        List<FilterRule> exportV4 = m.rules("exportV4", Afi.IPV4, filter.spec().exportV4());
        List<FilterRule> importV4 = m.rules("importV4", Afi.IPV4, filter.spec().importV4());
        List<FilterRule> exportV6 = m.rules("exportV6", Afi.IPV6, filter.spec().exportV6());
        List<FilterRule> importV6 = m.rules("importV6", Afi.IPV6, filter.spec().importV6());
        if (!m.problems.isEmpty()) {
            throw new ConfigException(m.problems);
        }
        try {
            return new Mapped(new io.flatnet.bgp.policy.BgpFilter(filter.name(), exportV4, importV4, exportV6, importV6),
                    m.warnings);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(new ConfigProblem(source, 0, label(filter), 0, "spec", e.getMessage()));
        }
    }

    /** The speaker's next-hop mode for a BGPPeer's (already {@code keepOriginalNextHop}-resolved) mode. */
    public static io.flatnet.bgp.policy.NextHopMode nextHopMode(NextHopMode mode) {
        return switch (mode) {
            case AUTO -> io.flatnet.bgp.policy.NextHopMode.AUTO;
            case SELF -> io.flatnet.bgp.policy.NextHopMode.SELF;
            case KEEP -> io.flatnet.bgp.policy.NextHopMode.KEEP;
        };
    }

    static String label(BgpFilter filter) {
        return BgpFilter.KIND + " " + filter.name();
    }

    private static final class Mapper {
        private final BgpFilter filter;
        private final String source;
        final List<ConfigProblem> problems = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();

        Mapper(BgpFilter filter, String source) {
            this.filter = filter;
            this.source = source;
        }

        List<FilterRule> rules(String list, Afi family, List<BgpFilterRule> rules) {
            List<FilterRule> out = new ArrayList<>(rules.size());
            for (int i = 0; i < rules.size(); i++) {
                String path = "spec." + list + "[" + i + "]";
                BgpFilterRule rule = rules.get(i);
                if (rule.interfaceName().isPresent()) {
                    warnings.add(label(filter) + " " + path + ": interface '" + rule.interfaceName().get()
                            + "' matches routes learned from an interface, and flatnet has none (its routes come"
                            + " from BGP peers and the node's own advertisements); the rule matches nothing and"
                            + " is left out");
                    continue;
                }
                try {
                    FilterRule mapped = rule(path, family, rule);
                    if (mapped != null) {
                        out.add(mapped);
                    }
                } catch (IllegalArgumentException e) {
                    problem(path, e.getMessage());
                }
            }
            return out;
        }

        private FilterRule rule(String path, Afi family, BgpFilterRule rule) {
            FilterRule r = rule.action() == FilterAction.ACCEPT ? FilterRule.accept() : FilterRule.reject();
            if (rule.cidr().isPresent() && rule.matchOperator().isPresent()) {
                if (rule.cidr().get().afi() != family) {
                    problem(path + ".cidr", "'" + rule.cidr().get() + "' is not an " + familyName(family)
                            + " prefix; expected " + familyName(family) + " in this list");
                    return null;
                }
                r = r.cidr(new CidrMatch(operator(rule.matchOperator().get()), rule.cidr().get()));
            }
            if (rule.prefixLength().isPresent()) {
                int min = rule.prefixLength().get().min().orElse(0);
                int max = rule.prefixLength().get().max().orElse(family.maxPrefixLength());
                if (max > family.maxPrefixLength() || min > max) {
                    problem(path + ".prefixLength", "/" + min + ".." + max + " does not fit " + familyName(family)
                            + "; expected 0 <= min <= max <= " + family.maxPrefixLength());
                    return null;
                }
                r = r.prefixLength(min, max);
            }
            if (rule.source().isPresent()) {
                r = r.source(rule.source().get() == RuleSource.REMOTE_PEERS ? SourceMatch.REMOTE_PEERS : SourceMatch.ANY);
            }
            if (rule.peerType().isPresent()) {
                r = r.peerType(rule.peerType().get() == PeerType.EBGP
                        ? io.flatnet.bgp.policy.PeerType.EBGP : io.flatnet.bgp.policy.PeerType.IBGP);
            }
            for (CommunityValue c : rule.communities()) {
                r = switch (c) {
                    case CommunityValue.Standard s -> r.withCommunity(s.community());
                    case CommunityValue.Large l -> r.withLargeCommunity(l.community());
                };
            }
            if (!rule.asPathPrefix().isEmpty()) {
                r = r.asPathPrefix(rule.asPathPrefix().toArray(Asn[]::new));
            }
            List<FilterOperation> operations = rule.operations();
            for (int j = 0; j < operations.size(); j++) {
                String opPath = path + ".operations[" + j + "]";
                if (rule.action() == FilterAction.REJECT) {
                    problem(opPath, "a Reject rule changes nothing; expected operations only on Accept rules");
                    return null;
                }
                switch (operations.get(j)) {
                    case FilterOperation.AddCommunity add -> r = r.then(switch (add.value()) {
                        case CommunityValue.Standard s -> Operation.addCommunity(s.community());
                        case CommunityValue.Large l -> Operation.addLargeCommunity(l.community());
                    });
                    case FilterOperation.PrependAsPath prepend -> {
                        for (Operation op : prepends(opPath, prepend.prefix())) {
                            r = r.then(op);
                        }
                    }
                    case FilterOperation.SetPriority priority -> warnings.add(label(filter) + " " + opPath
                            + ": setPriority " + priority.value() + " (the kernel metric of imported routes) is not"
                            + " supported yet; the rule accepts without it");
                }
            }
            return r;
        }

        /**
         * Operations that put {@code asns} in front of the AS_PATH in the order written. Each
         * prepend goes to the front, so runs of one AS are applied last run first.
         */
        private List<Operation> prepends(String path, List<Asn> asns) {
            List<Operation> ops = new ArrayList<>();
            int end = asns.size();
            while (end > 0) {
                int start = end - 1;
                while (start > 0 && asns.get(start - 1).equals(asns.get(end - 1))) {
                    start--;
                }
                int times = end - start;
                if (times > Operation.PrependAsPath.MAX_TIMES) {
                    problem(path + ".prependASPath.prefix", "AS " + asns.get(start) + " " + times
                            + " times in a row; expected at most " + Operation.PrependAsPath.MAX_TIMES);
                    return List.of();
                }
                ops.add(Operation.prepend(asns.get(start), times));
                end = start;
            }
            return ops;
        }

        private void problem(String field, String message) {
            problems.add(new ConfigProblem(source, 0, label(filter), 0, field, message));
        }
    }

    private static io.flatnet.bgp.policy.MatchOperator operator(MatchOperator op) {
        return switch (op) {
            case EQUAL -> io.flatnet.bgp.policy.MatchOperator.EQUAL;
            case NOT_EQUAL -> io.flatnet.bgp.policy.MatchOperator.NOT_EQUAL;
            case IN -> io.flatnet.bgp.policy.MatchOperator.IN;
            case NOT_IN -> io.flatnet.bgp.policy.MatchOperator.NOT_IN;
        };
    }

    private static String familyName(Afi family) {
        return family == Afi.IPV4 ? "IPv4" : "IPv6";
    }
}

package io.flatnet.agent.config.file;

import io.flatnet.agent.config.model.BgpFilterRule;
import io.flatnet.agent.config.model.BgpFilterSpec;
import io.flatnet.agent.config.model.CommunityValue;
import io.flatnet.agent.config.model.FilterAction;
import io.flatnet.agent.config.model.FilterOperation;
import io.flatnet.agent.config.model.MatchOperator;
import io.flatnet.agent.config.model.PeerType;
import io.flatnet.agent.config.model.PrefixLengthRange;
import io.flatnet.agent.config.model.RuleSource;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpPrefix;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads {@code BGPFilter.spec}: four rule lists, each rule's prefix in the list's family. */
final class BgpFilterReader {
    private static final List<String> OPERATIONS = List.of("addCommunity", "prependASPath", "setPriority");

    private BgpFilterReader() {}

    static BgpFilterSpec read(Fields spec) {
        BgpFilterSpec result = new BgpFilterSpec(
                spec.list("exportV4", rule(Afi.IPV4)),
                spec.list("importV4", rule(Afi.IPV4)),
                spec.list("exportV6", rule(Afi.IPV6)),
                spec.list("importV6", rule(Afi.IPV6)));
        spec.finish();
        return result;
    }

    private static Values.Converter<BgpFilterRule> rule(Afi family) {
        return (ctx, node, path) -> {
            Fields f = Fields.of(ctx, node, path);
            if (f == null) {
                return null;
            }
            Optional<FilterAction> action = f.require("action", Values.enumOf(FilterAction.class), "Accept or Reject");
            Optional<MatchOperator> operator = f.read("matchOperator", Values.enumOf(MatchOperator.class));
            Optional<IpPrefix> cidr = f.read("cidr", Values.cidrOf(family));
            Optional<PrefixLengthRange> length = f.read("prefixLength", prefixLength(family, cidr));
            Optional<RuleSource> source = f.read("source", Values.enumOf(RuleSource.class));
            Optional<String> iface = f.read("interface", Values::string);
            Optional<PeerType> peerType = f.read("peerType", Values.enumOf(PeerType.class));
            List<CommunityValue> communities = communities(f);
            List<Asn> asPathPrefix = f.list("asPathPrefix", Values::asn);
            List<FilterOperation> operations = f.list("operations", BgpFilterReader::operation);
            if (f.has("cidr") && !f.has("matchOperator")) {
                f.missing("matchOperator", "Equal, NotEqual, In or NotIn to say how a route compares with cidr");
            }
            if (f.has("matchOperator") && !f.has("cidr")) {
                f.missing("cidr", "the prefix that matchOperator compares routes with");
            }
            if (f.has("prefixLength") && !f.has("cidr") && !f.has("matchOperator")) {
                f.missing("cidr", "a cidr for prefixLength to narrow");
            }
            f.finish();
            return action.map(a -> new BgpFilterRule(a, operator, cidr, length, source, iface, peerType, communities,
                    asPathPrefix, operations)).orElse(null);
        };
    }

    /** {@code communities: {values: [...]}}. */
    private static List<CommunityValue> communities(Fields rule) {
        if (!rule.has("communities")) {
            return List.of();
        }
        Fields c = rule.map("communities");
        if (c == null) {
            return List.of();
        }
        List<CommunityValue> values = c.list("values", Values::community);
        c.finish();
        return values;
    }

    private static Values.Converter<PrefixLengthRange> prefixLength(Afi family, Optional<IpPrefix> cidr) {
        return (ctx, node, path) -> {
            Fields f = Fields.of(ctx, node, path);
            if (f == null) {
                return null;
            }
            int floor = cidr.map(IpPrefix::length).orElse(0);
            int ceiling = family.maxPrefixLength();
            String what = "a prefix length in this " + Values.familyName(family) + " rule"
                    + (cidr.isPresent() ? " at least as long as its cidr's" : "");
            Optional<Integer> min = f.read("min", Values.integer(floor, ceiling, what));
            Optional<Integer> max = f.read("max", Values.integer(floor, ceiling, what));
            f.finish();
            if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
                ctx.problem(f.line("min"), path, "min " + min.get() + " is above max " + max.get()
                        + "; expected min <= max");
                return null;
            }
            return new PrefixLengthRange(min.map(OptionalInt::of).orElse(OptionalInt.empty()),
                    max.map(OptionalInt::of).orElse(OptionalInt.empty()));
        };
    }

    private static FilterOperation operation(Context ctx, YamlNode node, String path) {
        Fields f = Fields.of(ctx, node, path);
        if (f == null) {
            return null;
        }
        long present = OPERATIONS.stream().filter(f::has).count();
        FilterOperation result = null;
        if (present != 1) {
            ctx.problem(f.line(), path, (present == 0 ? "no operation" : present + " operations in one entry")
                    + "; expected exactly one of " + String.join(", ", OPERATIONS));
        } else if (f.has("addCommunity")) {
            Fields op = f.map("addCommunity");
            if (op != null) {
                result = op.require("value", Values::community, "aa:nn or aa:nn:mm")
                        .map(FilterOperation.AddCommunity::new).orElse(null);
                op.finish();
            }
        } else if (f.has("prependASPath")) {
            Fields op = f.map("prependASPath");
            if (op != null) {
                if (!op.has("prefix")) {
                    op.missing("prefix", "a list of AS numbers to prepend");
                }
                result = new FilterOperation.PrependAsPath(op.list("prefix", Values::asn));
                op.finish();
            }
        } else {
            Fields op = f.map("setPriority");
            if (op != null) {
                result = op.require("value", Values.integer(1, 2_147_483_647, "a route priority"), "a route metric")
                        .map(FilterOperation.SetPriority::new).orElse(null);
                op.finish();
            }
        }
        f.finish();
        return result;
    }
}

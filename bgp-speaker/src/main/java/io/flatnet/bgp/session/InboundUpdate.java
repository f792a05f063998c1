package io.flatnet.bgp.session;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.policy.ImportPolicy;
import io.flatnet.bgp.policy.PeerContext;
import io.flatnet.bgp.policy.PolicyResult;
import io.flatnet.bgp.wire.ErrorAction;
import io.flatnet.bgp.wire.RouteAttributesMapper;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.MpUnreachNlri;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.message.Update;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One received UPDATE made ready for the RIB, on the session's event loop: attributes mapped to
 * the model, then the peer's {@link ImportPolicy} (for a configured peer a
 * {@link io.flatnet.bgp.policy.CompiledPeerPolicy}: RFC 8212, AS_PATH loops through our AS and
 * LOCAL_PREF from eBGP, the protocol rules' loop checks, the filters). Treat-as-withdraw turns
 * every NLRI of the message into a withdrawal (RFC 7606 §2); so does, per route, a rejection,
 * since an earlier version of the route may have been accepted. Families not negotiated, or
 * disabled, are ignored.
 *
 * @param families the families the message touched (for the max-prefix count)
 * @param announced how many NLRI were announced (before any of the above), for the counters
 */
record InboundUpdate(List<Announcement> announcements, List<Withdrawal> withdrawals, Set<AddressFamily> families,
        int announced) {

    record Announcement(NlriList nlri, RouteAttributes attributes) {}

    record Withdrawal(NlriList nlri) {}

    /** Prefixes this update asks the RIB to change: its weight in a session's RIB backlog. */
    int weight() {
        int n = 1;
        for (int i = 0; i < announcements.size(); i++) {
            n += announcements.get(i).nlri().size();
        }
        for (int i = 0; i < withdrawals.size(); i++) {
            n += withdrawals.get(i).nlri().size();
        }
        return n;
    }

    /** How one session imports: its policy, and the session as the policy sees it. */
    record Import(ImportPolicy policy, PeerContext from) {}

    static InboundUpdate of(Update update, ErrorAction action, Set<AddressFamily> usable, Import imp) {
        boolean withdrawAll = action.atLeast(ErrorAction.TREAT_AS_WITHDRAW);
        Builder b = new Builder(imp);
        int count = 0;
        if (usable.contains(AddressFamily.IPV4_UNICAST)) {
            b.withdraw(AddressFamily.IPV4_UNICAST, update.withdrawn());
        }
        if (!update.nlri().isEmpty()) {
            count += update.nlri().size();
            if (usable.contains(AddressFamily.IPV4_UNICAST)) {
                if (withdrawAll || update.attribute(NextHop.class).isEmpty()) {
                    b.withdraw(AddressFamily.IPV4_UNICAST, update.nlri());
                } else {
                    b.announce(AddressFamily.IPV4_UNICAST, update.nlri(), update.attributes(),
                            RouteAttributesMapper.NextHopFrom.NEXT_HOP);
                }
            }
        }
        for (PathAttribute a : update.attributes()) {
            if (a instanceof MpUnreachNlri unreach && usable.contains(unreach.family())) {
                b.withdraw(unreach.family(), unreach.withdrawn());
            } else if (a instanceof MpReachNlri reach && !reach.nlri().isEmpty()) {
                count += reach.nlri().size();
                if (!usable.contains(reach.family())) {
                    continue;
                }
                if (withdrawAll) {
                    b.withdraw(reach.family(), reach.nlri());
                } else {
                    b.announce(reach.family(), reach.nlri(), update.attributes(), RouteAttributesMapper.NextHopFrom.MP_REACH);
                }
            }
        }
        return new InboundUpdate(b.announcements, b.withdrawals, b.families, count);
    }

    boolean isEmpty() {
        return announcements.isEmpty() && withdrawals.isEmpty();
    }

    /** The families of the message's MP attributes: what an AFI/SAFI disable verdict is about. */
    static List<AddressFamily> multiprotocolFamilies(Update update) {
        List<AddressFamily> out = new ArrayList<>();
        update.mpReach().ifPresent(r -> out.add(r.family()));
        update.mpUnreach().ifPresent(u -> {
            if (!out.contains(u.family())) {
                out.add(u.family());
            }
        });
        return out;
    }

    private static final class Builder {
        final Import imp;
        final List<Announcement> announcements = new ArrayList<>(1);
        final List<Withdrawal> withdrawals = new ArrayList<>(1);
        final Set<AddressFamily> families = new LinkedHashSet<>();

        Builder(Import imp) {
            this.imp = imp;
        }

        void withdraw(AddressFamily family, NlriList nlri) {
            if (!nlri.isEmpty()) {
                families.add(family);
                withdrawals.add(new Withdrawal(nlri));
            }
        }

        void announce(AddressFamily family, NlriList nlri, List<PathAttribute> wire, RouteAttributesMapper.NextHopFrom nextHopFrom) {
            RouteAttributes attrs;
            try {
                attrs = RouteAttributesMapper.toModel(wire, nextHopFrom);
            } catch (IllegalArgumentException e) {
                withdraw(family, nlri); // the decoder should have said treat-as-withdraw already
                return;
            }
            ImportPolicy policy = imp.policy();
            PeerContext from = imp.from();
            // The common case first: one verdict for every prefix of the message. A policy that
            // does not read the prefix is asked once: its verdict is every prefix's.
            int asked = policy.readsPrefix(nlri.afi()) ? nlri.size() : Math.min(1, nlri.size());
            RouteAttributes verdict = null;
            int acceptedCount = 0;
            int rejectedCount = 0;
            boolean mixed = false;
            for (int i = 0; i < asked && !mixed; i++) {
                PolicyResult r = policy.importRoute(nlri.prefix(i), attrs, from);
                if (r.isRejected()) {
                    rejectedCount++;
                } else {
                    RouteAttributes a = r.attributes(attrs);
                    acceptedCount++;
                    if (verdict == null) {
                        verdict = a;
                    } else if (a != verdict && !a.equals(verdict)) {
                        mixed = true;
                    }
                }
                mixed |= acceptedCount > 0 && rejectedCount > 0;
            }
            if (!mixed) {
                if (rejectedCount == 0) {
                    add(family, nlri, verdict);
                } else {
                    withdraw(family, nlri);
                }
                return;
            }
            // Mixed: group by resulting attributes (equal sets together), rejected ones withdrawn.
            Map<RouteAttributes, NlriList.Builder> accepted = new LinkedHashMap<>();
            NlriList.Builder rejected = NlriList.builder(nlri.afi(), nlri.hasPathIds());
            for (int i = 0; i < nlri.size(); i++) {
                var prefix = nlri.prefix(i);
                PolicyResult r = policy.importRoute(prefix, attrs, from);
                if (r.isRejected()) {
                    rejected.add(nlri.pathId(i), prefix);
                } else {
                    accepted.computeIfAbsent(r.attributes(attrs), x -> NlriList.builder(nlri.afi(), nlri.hasPathIds()))
                            .add(nlri.pathId(i), prefix);
                }
            }
            withdraw(family, rejected.build());
            accepted.forEach((a, list) -> add(family, list.build(), a));
        }

        private void add(AddressFamily family, NlriList nlri, RouteAttributes attrs) {
            families.add(family);
            announcements.add(new Announcement(nlri, attrs));
        }
    }
}

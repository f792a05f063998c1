package io.flatnet.bgp.session;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.policy.ImportPolicy;
import io.flatnet.bgp.policy.RouteReflection;
import io.flatnet.bgp.wire.ErrorAction;
import io.flatnet.bgp.wire.RouteAttributesMapper;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.MpUnreachNlri;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.message.Update;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One received UPDATE made ready for the RIB, on the session's event loop: attributes mapped to
 * the model, then the import side of RFC 4271 §9.1 applied. Treat-as-withdraw turns every NLRI
 * of the message into a withdrawal (RFC 7606 §2); so do, per route, AS_PATH loops through our AS
 * on eBGP (RFC 4271 §9.1.2), routes the reflection hook refuses on iBGP (RFC 4456 §8) and import
 * policy rejections, since an earlier version of the route may have been accepted. LOCAL_PREF
 * from an eBGP peer is dropped. Families not negotiated, or disabled, are ignored.
 *
 * @param families the families the message touched (for the max-prefix count)
 * @param announced how many NLRI were announced (before any of the above), for the counters
 */
record InboundUpdate(List<Announcement> announcements, List<Withdrawal> withdrawals, Set<AddressFamily> families,
        int announced) {

    record Announcement(NlriList nlri, RouteAttributes attributes) {}

    record Withdrawal(NlriList nlri) {}

    /** How one session imports. */
    record Import(boolean external, Asn localAsn, Asn speakerAsn, ImportPolicy policy, RouteReflection reflection) {}

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

        void announce(AddressFamily family, NlriList nlri, List<PathAttribute> wire, RouteAttributesMapper.NextHopFrom from) {
            RouteAttributes attrs;
            try {
                attrs = RouteAttributesMapper.toModel(wire, from);
            } catch (IllegalArgumentException e) {
                withdraw(family, nlri); // the decoder should have said treat-as-withdraw already
                return;
            }
            if (imp.external()) {
                if (attrs.asPath().contains(imp.localAsn()) || attrs.asPath().contains(imp.speakerAsn())) {
                    withdraw(family, nlri); // our own AS in the path: a loop
                    return;
                }
                if (attrs.localPref().isPresent()) {
                    attrs = attrs.withoutLocalPref();
                }
            } else if (!imp.reflection().acceptReflected(attrs)) {
                withdraw(family, nlri);
                return;
            }
            ImportPolicy policy = imp.policy();
            if (policy.equals(ImportPolicy.ACCEPT_ALL)) {
                add(family, nlri, attrs);
                return;
            }
            if (policy.equals(ImportPolicy.REJECT_ALL)) {
                withdraw(family, nlri);
                return;
            }
            Map<RouteAttributes, NlriList.Builder> accepted = new IdentityHashMap<>();
            NlriList.Builder rejected = NlriList.builder(nlri.afi(), nlri.hasPathIds());
            for (int i = 0; i < nlri.size(); i++) {
                var prefix = nlri.prefix(i);
                RouteAttributes result = policy.apply(prefix, attrs);
                if (result == null) {
                    rejected.add(nlri.pathId(i), prefix);
                } else {
                    accepted.computeIfAbsent(result, r -> NlriList.builder(nlri.afi(), nlri.hasPathIds()))
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

package io.flatnet.bgp.session;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.rib.AttributeSet;
import io.flatnet.bgp.rib.RibChange;
import io.flatnet.bgp.rib.RouteKey;
import io.flatnet.bgp.wire.ErrorAction;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.MpUnreachNlri;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.message.Update;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one received UPDATE, with its RFC 7606 verdict, into Adj-RIB-In changes per family.
 * Treat-as-withdraw turns every NLRI of the message, reachable or not, into a withdrawal
 * (RFC 7606 §2); attribute discard needs nothing here, since the decoder already dropped the
 * attributes. Families that were not negotiated, or were disabled, are ignored.
 *
 * @param changes    one change per family the message touches
 * @param announced  how many NLRI were announced (before treat-as-withdraw), for the counters
 */
record InboundUpdate(List<RibChange> changes, int announced) {

    static InboundUpdate of(IpAddress peer, Update update, ErrorAction action, Set<AddressFamily> usable) {
        boolean withdrawAll = action.atLeast(ErrorAction.TREAT_AS_WITHDRAW);
        Map<AddressFamily, Map<RouteKey, AttributeSet>> announced = new LinkedHashMap<>();
        Map<AddressFamily, List<RouteKey>> withdrawn = new LinkedHashMap<>();
        int count = 0;

        addAll(withdrawn, AddressFamily.IPV4_UNICAST, update.withdrawn());
        if (!update.nlri().isEmpty()) {
            count += update.nlri().size();
            IpAddress nextHop = update.attribute(NextHop.class).map(NextHop::address).orElse(null);
            if (withdrawAll || nextHop == null) {
                addAll(withdrawn, AddressFamily.IPV4_UNICAST, update.nlri());
            } else {
                put(announced, AddressFamily.IPV4_UNICAST, update.nlri(),
                        AttributeSet.of(update.attributes(), nextHop, null));
            }
        }
        for (var a : update.attributes()) {
            if (a instanceof MpUnreachNlri unreach) {
                addAll(withdrawn, unreach.family(), unreach.withdrawn());
            } else if (a instanceof MpReachNlri reach && !reach.nlri().isEmpty()) {
                count += reach.nlri().size();
                if (withdrawAll) {
                    addAll(withdrawn, reach.family(), reach.nlri());
                } else {
                    put(announced, reach.family(), reach.nlri(),
                            AttributeSet.of(update.attributes(), reach.nextHop(), reach.linkLocalNextHop()));
                }
            }
        }
        List<RibChange> changes = new ArrayList<>();
        for (AddressFamily f : union(announced.keySet(), withdrawn.keySet())) {
            if (!usable.contains(f)) {
                continue;
            }
            RibChange change = new RibChange(peer, f, announced.getOrDefault(f, Map.of()), withdrawn.getOrDefault(f, List.of()));
            if (!change.isEmpty()) {
                changes.add(change);
            }
        }
        return new InboundUpdate(changes, count);
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

    private static List<AddressFamily> union(Set<AddressFamily> a, Set<AddressFamily> b) {
        List<AddressFamily> out = new ArrayList<>(a);
        for (AddressFamily f : b) {
            if (!out.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    private static void addAll(Map<AddressFamily, List<RouteKey>> into, AddressFamily family, NlriList nlri) {
        if (nlri.isEmpty()) {
            return;
        }
        List<RouteKey> keys = into.computeIfAbsent(family, f -> new ArrayList<>());
        for (int i = 0; i < nlri.size(); i++) {
            keys.add(new RouteKey(nlri.pathId(i), nlri.prefix(i)));
        }
    }

    private static void put(Map<AddressFamily, Map<RouteKey, AttributeSet>> into, AddressFamily family, NlriList nlri,
            AttributeSet attributes) {
        Map<RouteKey, AttributeSet> routes = into.computeIfAbsent(family, f -> new HashMap<>());
        for (int i = 0; i < nlri.size(); i++) {
            routes.put(new RouteKey(nlri.pathId(i), nlri.prefix(i)), attributes);
        }
    }
}

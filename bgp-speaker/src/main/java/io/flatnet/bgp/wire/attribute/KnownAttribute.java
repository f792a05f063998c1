package io.flatnet.bgp.wire.attribute;

/** An attribute of a type flatnet interprets; its type code and flags follow from {@link AttributeType}. */
public sealed interface KnownAttribute extends PathAttribute
        permits Origin, AsPath, NextHop, MultiExitDisc, LocalPref, AtomicAggregate, Aggregator, Communities,
                OriginatorId, ClusterList, MpReachNlri, MpUnreachNlri, ExtendedCommunities, LargeCommunities {

    AttributeType attributeType();

    @Override
    default int typeCode() {
        return attributeType().code();
    }

    @Override
    default int flags() {
        return attributeType().flags();
    }
}

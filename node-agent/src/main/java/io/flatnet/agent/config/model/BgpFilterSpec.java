package io.flatnet.agent.config.model;

import java.util.List;

/** {@code BGPFilter.spec}: rule lists per direction and family, each evaluated first match wins. */
public record BgpFilterSpec(
        List<BgpFilterRule> exportV4,
        List<BgpFilterRule> importV4,
        List<BgpFilterRule> exportV6,
        List<BgpFilterRule> importV6) {

    public BgpFilterSpec {
        exportV4 = List.copyOf(exportV4);
        importV4 = List.copyOf(importV4);
        exportV6 = List.copyOf(exportV6);
        importV6 = List.copyOf(importV6);
    }
}

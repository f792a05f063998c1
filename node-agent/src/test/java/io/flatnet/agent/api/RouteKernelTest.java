package io.flatnet.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.agent.api.AgentState.KernelStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each kernel state of a Loc-RIB prefix has its wire word, set only here in the API layer. */
class RouteKernelTest {

    @Test
    void everyKernelStateHasItsWireWord() {
        assertThat(V1.routeKernel(new KernelStatus.Installed(List.of("100.64.0.2", "100.64.1.2"))))
                .isEqualTo(new V1.RouteKernel(true, "installed", null, List.of("100.64.0.2", "100.64.1.2")));
        assertThat(V1.routeKernel(new KernelStatus.Blackhole()))
                .satisfies(k -> assertThat(k.installed()).isTrue(), k -> assertThat(k.state()).isEqualTo("blackhole"),
                        k -> assertThat(k.reason()).startsWith("this node's own range"));
        assertThat(V1.routeKernel(new KernelStatus.Excluded("inside the service range 100.100.0.0/16")))
                .isEqualTo(new V1.RouteKernel(false, "excluded", "inside the service range 100.100.0.0/16", List.of()));
        assertThat(V1.routeKernel(new KernelStatus.Pending("not applied to the kernel yet")))
                .isEqualTo(new V1.RouteKernel(false, "pending", "not applied to the kernel yet", List.of()));
        assertThat(V1.routeKernel(new KernelStatus.NotDesired("no best path")))
                .isEqualTo(new V1.RouteKernel(false, "not-desired", "no best path", List.of()));
        assertThat(V1.routeKernel(new KernelStatus.Disabled()))
                .isEqualTo(new V1.RouteKernel(false, "disabled", "kernel route installation is off (--no-kernel)",
                        List.of()));
    }
}

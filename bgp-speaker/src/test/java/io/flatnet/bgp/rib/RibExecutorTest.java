package io.flatnet.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.Afi;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RibExecutorTest {

    @Test
    void aQueryThatThrowsAnErrorFailsItsFutureAndTheRibCarriesOn() throws Exception {
        try (RibExecutor executor = new RibExecutor(new Rib(BestPathOptions.DEFAULT))) {
            assertThatThrownBy(() -> executor.query(r -> {
                throw new NoSuchMethodError("LocRib.forEachPrefix");
            }).get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(NoSuchMethodError.class);

            assertThat(executor.query(r -> r.locRib(Afi.IPV4).prefixCount())
                    .get(5, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void aQueryThatThrowsARuntimeExceptionFailsItsFuture() {
        try (RibExecutor executor = new RibExecutor(new Rib(BestPathOptions.DEFAULT))) {
            assertThatThrownBy(() -> executor.query(r -> {
                throw new IllegalStateException("no");
            }).get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        }
    }
}

package io.flatnet.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A test class whose tests share one lab: up before the first test (asserted flat), down after
 * the last, even when a test or the start failed, and checked to leave nothing behind. Sharing
 * keeps the end-to-end suite's time in CI down: one start per topology, not per test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedFlatLab {
    protected FlatLab lab;

    /** The options of {@code bin/flatnet-lab up} for this class's lab. */
    abstract String[] labOptions();

    @BeforeAll
    void upSharedLab() throws Exception {
        lab = FlatLab.up(labOptions());
    }

    @AfterAll
    void downSharedLab() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }
}

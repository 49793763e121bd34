package io.winnow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RunResultTest {

    /** A pass whose given label had probability {@code p} when the sample was trained on. */
    private static RunResult.Pass pass(double p) {
        return new RunResult.Pass(1f, 0, 0, (float) -Math.log(p), 0);
    }

    private static RunResult run(double... probabilities) {
        List<RunResult.Pass> passes = Arrays.stream(probabilities).mapToObj(RunResultTest::pass).toList();
        return new RunResult("r", 1, Map.of("a", passes), List.of(), Map.of(), 0);
    }

    @Test
    void aForgettingEventIsRightThenWrongAndANeverLearnedSampleCountsEveryEpoch() {
        assertThat(run(0.9, 0.95, 0.99).forgettingEvents("a")).isZero();
        assertThat(run(0.2, 0.9, 0.3, 0.8, 0.4).forgettingEvents("a")).isEqualTo(2);
        assertThat(run(0.9, 0.3, 0.2).forgettingEvents("a")).isEqualTo(1);
        assertThat(run(0.1, 0.3, 0.4, 0.45).forgettingEvents("a")).isEqualTo(4);
    }
}

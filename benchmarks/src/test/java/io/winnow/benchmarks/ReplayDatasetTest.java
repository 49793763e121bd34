package io.winnow.benchmarks;

import io.winnow.sama.Example;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayDatasetTest {

    /** 100 training samples, every third one mislabeled, each with two votes. */
    private static ReplayDataset dataset() {
        List<Example> train = new ArrayList<>();
        Map<String, Integer> trueLabels = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            int truth = i % 2;
            int given = i % 3 == 0 ? 1 - truth : truth;
            train.add(new Example("t" + i, new float[] {i}, null, given, new int[] {given, Example.ABSTAIN}));
            trueLabels.put("t" + i, truth);
        }
        List<Example> trusted = List.of(new Example("k0", new float[] {0}, null, 0, new int[] {0, 0}));
        List<Example> test = List.of(new Example("x0", new float[] {0}, null, 1, new int[0]));
        return new ReplayDataset("toy", 2, train, trueLabels, trusted, test, Map.of("model", "mlp"));
    }

    @Test
    void aDevSplitHoldsOutTrainingSamplesWithTheirTrueLabelsAndNeverReadsTheTestSplit() {
        ReplayDataset full = dataset();
        ReplayDataset dev = full.withDevSplit(0.2, 5);

        assertThat(dev.test()).hasSize(20);
        assertThat(dev.train()).hasSize(80);
        Set<String> devIds = new HashSet<>();
        for (Example e : dev.test()) {
            devIds.add(e.id());
            assertThat(e.label()).as("dev label of " + e.id()).isEqualTo(full.trueLabel(e.id()));
            assertThat(e.votes()).as("a dev sample is scored like a test sample: no votes").isEmpty();
        }
        assertThat(devIds).allMatch(id -> id.startsWith("t")).doesNotContain("x0");
        assertThat(dev.train()).noneMatch(e -> devIds.contains(e.id()));
        assertThat(dev.trusted()).isEqualTo(full.trusted());
        // The training samples keep their given labels: the dev split changes what is scored, not the noise.
        assertThat(dev.train()).allMatch(e -> e.label() == full.train().get(Integer.parseInt(e.id().substring(1))).label());
        assertThat(full.withDevSplit(0.2, 5).test()).extracting(Example::id)
                .containsExactlyElementsOf(dev.test().stream().map(Example::id).toList());
    }

    @Test
    void devFoldsAreDisjointAndTogetherCoverEveryTrainingSampleOnce() {
        ReplayDataset full = dataset();
        Set<String> scored = new HashSet<>();
        int total = 0;
        for (int fold = 0; fold < 5; fold++) {
            ReplayDataset dev = full.withDevFold(fold, 5, 23);
            assertThat(dev.test()).hasSize(20);
            assertThat(dev.train()).hasSize(80);
            for (Example e : dev.test()) {
                assertThat(e.label()).as("dev label of " + e.id()).isEqualTo(full.trueLabel(e.id()));
                assertThat(dev.train()).noneMatch(t -> t.id().equals(e.id()));
                scored.add(e.id());
            }
            total += dev.test().size();
            assertThat(dev.trusted()).isEqualTo(full.trusted());
        }
        assertThat(total).isEqualTo(100);
        assertThat(scored).hasSize(100).allMatch(id -> id.startsWith("t"));
        assertThatThrownBy(() -> full.withDevFold(5, 5, 23)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> full.withDevFold(0, 1, 23)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void devFoldsNeedTheDevEvaluation() {
        BenchmarkOptions folds = BenchmarkOptions.parse(new String[] {"--experiments", "table", "--evaluate", "dev",
            "--dev-folds", "5"});
        assertThat(folds.evaluated(dataset())).hasSize(5);
        assertThat(BenchmarkOptions.parse(new String[] {"--experiments", "table", "--evaluate", "dev"}).evaluated(dataset()))
                .singleElement().satisfies(d -> assertThat(d.test()).hasSize(20));
        assertThat(BenchmarkOptions.parse(new String[] {"--experiments", "table"}).evaluated(dataset()))
                .singleElement().satisfies(d -> assertThat(d.test()).isEqualTo(dataset().test()));
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--dev-folds", "5"}))
                .hasMessageContaining("dev-folds needs --evaluate dev");
    }

    @Test
    void aDevShareOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> dataset().withDevSplit(1.0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 1)");
    }

    @Test
    void theBenchmarkScoresOnTheTestSplitUnlessToldToUseTheDevSplit() {
        assertThat(BenchmarkOptions.parse(new String[] {"--experiments", "table"}).evaluation())
                .isEqualTo(BenchmarkOptions.Evaluation.TEST);
        assertThat(BenchmarkOptions.parse(new String[] {"--experiments", "table", "--evaluate", "dev"}).evaluation())
                .isEqualTo(BenchmarkOptions.Evaluation.DEV);
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--evaluate", "test-split"}))
                .hasMessageContaining("evaluate");
    }
}

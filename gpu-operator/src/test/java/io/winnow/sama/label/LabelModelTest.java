package io.winnow.sama.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The online Dawid–Skene model on votes drawn from known functions: four binary functions, right
 * 90%, 80%, 70% and 60% of the time when they vote, each voting 70% of the time, class 1 a third of
 * the samples. (With fewer than three informative functions the accuracies are not identifiable.)
 */
class LabelModelTest {

    private static final double[] ACCURACY = {0.9, 0.8, 0.7, 0.6};

    private record Sample(int label, int[] votes) {}

    private static Sample draw(Random random) {
        int label = random.nextDouble() < 1.0 / 3 ? 1 : 0;
        int[] votes = new int[ACCURACY.length];
        for (int j = 0; j < votes.length; j++) {
            votes[j] = random.nextDouble() >= 0.7 ? -1 : random.nextDouble() < ACCURACY[j] ? label : 1 - label;
        }
        return new Sample(label, votes);
    }

    private static LabelModel trained(Random random, int batches, int trusted) {
        LabelModel model = new LabelModel(2, 4, 0.7, 10, 4096, 5);
        int[][] trustedVotes = new int[trusted][];
        int[] trustedLabels = new int[trusted];
        for (int i = 0; i < trusted; i++) {
            Sample s = draw(random);
            trustedVotes[i] = s.votes();
            trustedLabels[i] = s.label();
        }
        model.observeTrusted(trustedVotes, trustedLabels);
        for (int b = 0; b < batches; b++) {
            int[][] batch = new int[32][];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = draw(random).votes();
            }
            model.observe(batch);
        }
        return model;
    }

    @Test
    void learnsEachFunctionsAccuracyFromTheStream() {
        LabelModel model = trained(new Random(1), 600, 0);
        for (int j = 0; j < ACCURACY.length; j++) {
            assertThat(model.accuracy(j)).as("function %d", j).isCloseTo(ACCURACY[j], within(0.04));
        }
        assertThat(model.observed()).isEqualTo(600 * 32);
    }

    @Test
    void posteriorBeatsTheMajorityVoteAndTrustsTheBetterFunction() {
        Random random = new Random(2);
        LabelModel model = trained(random, 600, 50);
        int posteriorRight = 0;
        int majorityRight = 0;
        int n = 5000;
        for (int i = 0; i < n; i++) {
            Sample s = draw(random);
            double[] q = model.posterior(s.votes());
            assertThat(q[0] + q[1]).isCloseTo(1.0, within(1e-12));
            posteriorRight += (q[1] > q[0] ? 1 : 0) == s.label() ? 1 : 0;
            int ones = 0;
            int zeros = 0;
            for (int v : s.votes()) {
                ones += v == 1 ? 1 : 0;
                zeros += v == 0 ? 1 : 0;
            }
            majorityRight += (ones > zeros ? 1 : 0) == s.label() ? 1 : 0;
        }
        assertThat(posteriorRight).isGreaterThan(majorityRight + n / 50);
        // The 90% function outvotes the 55% one.
        assertThat(model.posterior(new int[] {1, -1, -1, 0})[1]).isGreaterThan(0.7);
        assertThat(model.posterior(new int[] {-1, -1, -1, -1})[0]).as("no votes: the class prior")
                .isCloseTo(2.0 / 3, within(0.05));
    }

    @Test
    void stateRoundTripContinuesIdentically() throws IOException {
        LabelModel original = trained(new Random(3), 20, 10);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.write(new DataOutputStream(bytes));
        LabelModel restored = new LabelModel(2, 4, 0.7, 10, 4096, 5);
        restored.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        int[][] batch = {{1, 0, -1, 1}, {-1, -1, 1, -1}, {0, 0, 0, 0}};
        original.observe(batch);
        restored.observe(batch);
        for (int[] votes : batch) {
            assertThat(restored.posterior(votes)).containsExactly(original.posterior(votes));
        }
        LabelModel other = new LabelModel(3, 4, 0.7, 10, 4096, 5);
        assertThatThrownBy(() -> other.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                .hasMessageContaining("classes");
    }

    @Test
    void theWindowFollowsAFunctionThatGetsWorse() {
        Random random = new Random(4);
        LabelModel forgetting = new LabelModel(2, 1, 0.7, 10, 2000, 1);
        for (int phase = 0; phase < 2; phase++) {
            double accuracy = phase == 0 ? 0.95 : 0.6;
            for (int b = 0; b < 200; b++) {
                int[][] batch = new int[32][];
                int[] labels = new int[32];
                for (int i = 0; i < 32; i++) {
                    labels[i] = random.nextInt(2);
                    batch[i] = new int[] {random.nextDouble() < accuracy ? labels[i] : 1 - labels[i]};
                }
                forgetting.observeTrusted(batch, labels);
            }
            assertThat(forgetting.accuracy(0)).as("phase %d", phase).isCloseTo(accuracy, within(0.04));
        }
    }

    @Test
    void refusesVotesThatDoNotFit() {
        LabelModel model = new LabelModel(2, 3, 0.7, 10, 16, 5);
        assertThatThrownBy(() -> model.posterior(new int[] {0, 1})).hasMessageContaining("3 functions");
        assertThatThrownBy(() -> model.posterior(new int[] {0, 1, 2})).hasMessageContaining("vote 2");
        assertThatThrownBy(() -> new LabelModel(2, 3, 0.4, 10, 1, 1)).hasMessageContaining("priorAccuracy");
        assertThatThrownBy(() -> new LabelModel(2, 3, 0.7, 10, 0, 1)).hasMessageContaining("window");
    }
}

package io.winnow.sama;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.sama.demo.NoisyClusters;
import io.winnow.sama.hyper.HypergradientSpec;
import io.winnow.sama.model.ModelSpec;
import io.winnow.sama.optim.OptimizerSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A noisy-label problem on the real engine: four Gaussian clusters, 40% of the 2,000 training labels
 * flipped to another class, 100 trusted samples. SAMA must give flipped samples lower weights than
 * clean ones, correct most flipped labels while leaving clean ones alone, and, reweighting and
 * correcting together, beat plain finetuning on clean test accuracy. Metrics are taken over the last
 * epoch, as the stream would report them.
 *
 * <p>Correction is measured with the corrector alone: with both nets on, the reweighting net
 * silences flipped samples first, and a silenced sample gives the corrector no gradient to learn
 * from (its loss term is scaled by its weight).
 */
class NoisyLabelTest {

    private static NoisyClusters data;
    private static Run finetune;
    private static Run reweightAndCorrect;
    private static Run correctOnly;

    record Run(double accuracy, double weightAuc, double flippedCorrected, double cleanChanged) {}

    @BeforeAll
    static void train() {
        data = new NoisyClusters(21, 4, 16, 2000, 100, 1000, 0.4, 1.2);
        finetune = run(HypergradientSpec.Method.FINETUNE, true, true, 12, 64);
        reweightAndCorrect = run(HypergradientSpec.Method.SAMA, true, true, 12, 64);
        correctOnly = run(HypergradientSpec.Method.SAMA, false, true, 20, 100);
        System.out.printf("noisy clusters, finetune:           %s%n", finetune);
        System.out.printf("noisy clusters, SAMA reweight+correct: %s%n", reweightAndCorrect);
        System.out.printf("noisy clusters, SAMA correct only:   %s%n", correctOnly);
    }

    static Run run(HypergradientSpec.Method method, boolean reweight, boolean correct, int epochs, int metaBatch) {
        TrainerConfig config = TrainerConfig.builder(new ModelSpec.Mlp(new int[] {16, 64, 4}, 0.0), 4)
                .hypergradient(method)
                .reweight(reweight)
                .correctLabels(correct)
                .baseOptimizer(OptimizerSpec.adam(3e-3))
                .metaOptimizer(OptimizerSpec.adam(3e-3))
                .unroll(5)
                .metaBatchSize(metaBatch)
                .seed(4)
                .build();
        try (SamaTrainer trainer = SamaTrainer.create(config)) {
            trainer.addTrusted(data.trusted());
            Random order = new Random(21);
            List<ExampleOutcome> lastEpoch = new ArrayList<>();
            for (int epoch = 0; epoch < epochs; epoch++) {
                lastEpoch.clear();
                for (List<Example> batch : data.epoch(order, 32)) {
                    lastEpoch.addAll(trainer.train(batch).outcomes());
                }
            }
            List<Double> cleanWeights = new ArrayList<>();
            List<Double> flippedWeights = new ArrayList<>();
            int flippedFixed = 0;
            int cleanChanged = 0;
            for (ExampleOutcome outcome : lastEpoch) {
                if (data.isFlipped(outcome.id(), outcome.givenLabel())) {
                    flippedWeights.add(outcome.weight());
                    if (outcome.correctedLabel() == data.trueLabel(outcome.id())) {
                        flippedFixed++;
                    }
                } else {
                    cleanWeights.add(outcome.weight());
                    if (outcome.labelChanged()) {
                        cleanChanged++;
                    }
                }
            }
            return new Run(data.accuracy(trainer), NoisyClusters.rocAuc(cleanWeights, flippedWeights),
                    (double) flippedFixed / flippedWeights.size(), (double) cleanChanged / cleanWeights.size());
        }
    }

    @Test
    void flippedSamplesGetLowerWeightsThanCleanOnes() {
        assertThat(reweightAndCorrect.weightAuc()).isGreaterThanOrEqualTo(0.85);
        assertThat(finetune.weightAuc()).as("finetuning weighs every sample 1").isEqualTo(0.5);
    }

    @Test
    void mostFlippedLabelsAreCorrectedAndFewCleanOnesChange() {
        assertThat(correctOnly.flippedCorrected()).isGreaterThan(0.5);
        assertThat(correctOnly.cleanChanged()).isLessThan(0.12);
        assertThat(finetune.flippedCorrected()).as("finetuning keeps every label").isZero();
    }

    @Test
    void reweightingAndCorrectionBeatPlainFinetuning() {
        assertThat(reweightAndCorrect.accuracy()).isGreaterThan(finetune.accuracy());
    }
}

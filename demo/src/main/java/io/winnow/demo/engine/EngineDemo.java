package io.winnow.demo.engine;

import io.winnow.benchmarks.Stats;
import io.winnow.sama.Example;
import io.winnow.sama.CurationOutcome;
import io.winnow.sama.SamaTrainer;
import io.winnow.sama.StepResult;
import io.winnow.sama.TrainerConfig;
import io.winnow.sama.hyper.HypergradientSpec;
import io.winnow.sama.model.ModelSpec;
import io.winnow.sama.optim.OptimizerSpec;
import io.winnow.sama.synthetic.NoisyClusters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Curates a generated noisy stream with the SAMA engine on the CPU, shows progress, and ends with a
 * summary: samples curated, mean weight of clean and noisy samples, labels corrected, throughput,
 * and clean test accuracy against plain finetuning on the same stream.
 */
public final class EngineDemo {

    private final DemoOptions options;
    private final PrintStream out;

    EngineDemo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(DemoOptions.usage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(DemoOptions.usage());
            return;
        }
        new EngineDemo(options, System.out).run();
    }

    DemoSummary run() {
        NoisyClusters data = new NoisyClusters(options.seed(), 4, 16, options.samples(), 100, 2000,
                options.noise(), 1.2);
        out.printf(Locale.ROOT, "Winnow engine demo: SAMA on DJL's PyTorch engine (CPU)%n");
        out.printf(Locale.ROOT, "  stream: %d samples in 4 Gaussian clusters, %.0f%% of labels flipped, 100 trusted samples%n",
                options.samples(), options.noise() * 100);
        out.printf(Locale.ROOT, "  model: MLP 16-64-4; SAMA reweighting + label correction, unroll 5; %d epochs%n%n",
                options.epochs());
        DemoSummary sama = curate(data, HypergradientSpec.Method.SAMA, true);
        out.printf(Locale.ROOT, "%nBaseline: plain finetuning on the same stream...%n");
        DemoSummary finetune = curate(data, HypergradientSpec.Method.FINETUNE, false);
        sama.print(out, finetune.testAccuracy());
        return sama;
    }

    private DemoSummary curate(NoisyClusters data, HypergradientSpec.Method method, boolean showProgress) {
        TrainerConfig config = TrainerConfig.builder(new ModelSpec.Mlp(new int[] {16, 64, 4}, 0.0), 4)
                .hypergradient(method)
                .reweight(true)
                .correctLabels(true)
                .baseOptimizer(OptimizerSpec.adam(3e-3))
                .metaOptimizer(OptimizerSpec.adam(3e-3))
                .unroll(5)
                .metaBatchSize(64)
                .seed(options.seed())
                .build();
        DemoSummary summary = new DemoSummary(data);
        try (SamaTrainer trainer = SamaTrainer.create(config)) {
            trainer.addTrusted(data.trusted());
            Random order = new Random(options.seed());
            long started = System.nanoTime();
            int totalSteps = options.epochs() * ((options.samples() + 31) / 32);
            int step = 0;
            for (int epoch = 0; epoch < options.epochs(); epoch++) {
                summary.startEpoch();
                for (List<Example> batch : data.epoch(order, 32)) {
                    StepResult result = trainer.train(batch);
                    summary.add(result.curationOutcomes());
                    step++;
                    if (showProgress && (step % Math.max(1, totalSteps / 10) == 0 || step == totalSteps)) {
                        double metaLoss = result.metaStep().map(report -> report.metaLoss()).orElse(Double.NaN);
                        summary.printProgress(out, step, totalSteps, metaLoss);
                    }
                }
            }
            summary.finish(System.nanoTime() - started, data.accuracy(trainer), trainer.counters().metaSteps());
        }
        return summary;
    }

    /** Running statistics of the curated stream. */
    static final class DemoSummary {
        private final NoisyClusters data;
        private final List<Double> cleanWeights = new ArrayList<>();
        private final List<Double> noisyWeights = new ArrayList<>();
        private long samples;
        private long labelsChanged;
        private long labelsFixed;
        private long nanos;
        private long metaSteps;
        private double testAccuracy;

        DemoSummary(NoisyClusters data) {
            this.data = data;
        }

        void startEpoch() {
            cleanWeights.clear();
            noisyWeights.clear();
            labelsChanged = 0;
            labelsFixed = 0;
        }

        void add(List<CurationOutcome> outcomes) {
            for (CurationOutcome outcome : outcomes) {
                samples++;
                boolean flipped = data.isFlipped(outcome.id(), outcome.givenLabel());
                (flipped ? noisyWeights : cleanWeights).add(outcome.weight());
                if (outcome.labelChanged()) {
                    labelsChanged++;
                    if (outcome.correctedLabel() == data.trueLabel(outcome.id())) {
                        labelsFixed++;
                    }
                }
            }
        }

        void printProgress(PrintStream out, int step, int totalSteps, double metaLoss) {
            out.printf(Locale.ROOT, "[%3d%%] %7d samples curated   mean weight clean %.2f / noisy %.2f   labels changed %d%s%n",
                    100 * step / totalSteps, samples, mean(cleanWeights), mean(noisyWeights), labelsChanged,
                    Double.isNaN(metaLoss) ? "" : String.format(Locale.ROOT, "   meta loss %.3f", metaLoss));
        }

        void finish(long elapsedNanos, double accuracy, long meta) {
            this.nanos = elapsedNanos;
            this.testAccuracy = accuracy;
            this.metaSteps = meta;
        }

        double testAccuracy() {
            return testAccuracy;
        }

        double weightAuc() {
            return Stats.auc(cleanWeights, noisyWeights);
        }

        void print(PrintStream out, double finetuneAccuracy) {
            out.printf(Locale.ROOT, "%nSummary (last epoch for weights and labels)%n");
            out.printf(Locale.ROOT, "  samples curated            %d (%d meta steps)%n", samples, metaSteps);
            out.printf(Locale.ROOT, "  mean weight, clean samples %.3f%n", mean(cleanWeights));
            out.printf(Locale.ROOT, "  mean weight, noisy samples %.3f%n", mean(noisyWeights));
            out.printf(Locale.ROOT, "  weight ROC AUC (clean > noisy) %.3f%n", weightAuc());
            out.printf(Locale.ROOT, "  labels corrected           %d, of which to the true class %d%n", labelsChanged, labelsFixed);
            out.printf(Locale.ROOT, "  throughput                 %.0f samples/s%n", samples * 1e9 / nanos);
            out.printf(Locale.ROOT, "  clean test accuracy        %.3f (plain finetuning: %.3f)%n", testAccuracy, finetuneAccuracy);
        }

        private static double mean(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }
}

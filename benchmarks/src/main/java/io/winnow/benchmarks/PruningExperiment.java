package io.winnow.benchmarks;

import io.winnow.sama.Example;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Data pruning as in the paper's Section 4.3, on clean labels: a SAMA run in pruning mode (the
 * reweighting net reads loss and uncertainty against an EMA model; its meta data are other training
 * batches, no trusted set) scores each sample by its weight averaged over the last epochs; the
 * lowest-scoring share is pruned and a model is trained from scratch on the rest. Baselines: random
 * pruning, an EL2N-like score (the training loss over the first epochs; easy samples go first) and
 * forgetting events over the full run's epochs (never-forgotten samples go first, ties at random).
 * Accuracy is reported relative to training on all the data.
 */
public final class PruningExperiment {

    public static final String SAMA = "SAMA";
    public static final String RANDOM = "random";
    public static final String EL2N = "EL2N-like loss";
    public static final String FORGETTING = "forgetting events";

    /** One retraining: the share pruned by a score, and the accuracy it reached. */
    public record Point(String score, double fraction, long seed, double accuracy, double fullAccuracy) {

        public double relativeAccuracy() {
            return accuracy / fullAccuracy;
        }
    }

    private static final int EL2N_EPOCHS = 2;

    private final ReplayRunner runner;
    private final Map<String, String> tuning;
    private final int epochs;
    private final int scoreEpochs;

    /**
     * @param epochs epochs of the scoring runs and of every retraining
     * @param scoreEpochs the last epochs whose weights are averaged into the SAMA score
     */
    public PruningExperiment(ReplayRunner runner, Map<String, String> tuning, int epochs, int scoreEpochs) {
        this.runner = runner;
        this.tuning = Map.copyOf(tuning);
        this.epochs = epochs;
        this.scoreEpochs = scoreEpochs;
    }

    public List<Point> run(ReplayDataset clean, List<Double> fractions, List<Long> seeds, Consumer<Point> progress) {
        List<Example> training = clean.trainWithTrueLabels();
        List<Point> points = new ArrayList<>();
        for (long seed : seeds) {
            RunResult full = runner.run(spec("prune-full-s" + seed, clean, training, finetune(clean), seed));
            RunResult meta = runner.run(spec("prune-score-s" + seed, clean, training, pruningMode(clean), seed));
            Map<String, ToDoubleFunction<Example>> scores = new java.util.LinkedHashMap<>();
            scores.put(SAMA, e -> meta.meanWeightOverLast(e.id(), scoreEpochs));
            scores.put(EL2N, e -> full.meanLossOverFirst(e.id(), EL2N_EPOCHS));
            Map<String, Double> random = randomScores(training, seed);
            // Most samples are forgotten 0 or 1 times in a few epochs: a random rank below one breaks the ties.
            scores.put(FORGETTING, e -> full.forgettingEvents(e.id()) + random.get(e.id()) / training.size());
            scores.put(RANDOM, e -> random.get(e.id()));
            for (double fraction : fractions) {
                for (Map.Entry<String, ToDoubleFunction<Example>> score : scores.entrySet()) {
                    List<Example> kept = keepTop(training, score.getValue(), fraction);
                    String name = String.format(Locale.ROOT, "prune-%s-%02.0f-s%d", MethodComparison.slug(score.getKey()),
                            fraction * 100, seed);
                    RunResult retrained = runner.run(spec(name, clean, kept, finetune(clean), seed));
                    Point point = new Point(score.getKey(), fraction, seed, retrained.accuracy(), full.accuracy());
                    progress.accept(point);
                    points.add(point);
                }
            }
        }
        return points;
    }

    /** The samples with the highest scores, {@code 1 - fraction} of them. */
    static List<Example> keepTop(List<Example> training, ToDoubleFunction<Example> score, double fraction) {
        List<Example> sorted = new ArrayList<>(training);
        sorted.sort(Comparator.comparingDouble(score).reversed().thenComparing(Example::id));
        int keep = Math.max(1, (int) Math.round(training.size() * (1 - fraction)));
        return List.copyOf(sorted.subList(0, keep));
    }

    private static Map<String, Double> randomScores(List<Example> training, long seed) {
        List<Example> shuffled = new ArrayList<>(training);
        Collections.shuffle(shuffled, new Random(seed * 7919));
        Map<String, Double> out = new HashMap<>();
        for (int i = 0; i < shuffled.size(); i++) {
            out.put(shuffled.get(i).id(), (double) i);
        }
        return out;
    }

    private RunSpec spec(String name, ReplayDataset clean, List<Example> training, Map<String, String> settings, long seed) {
        return new RunSpec(name, training, clean.trusted(), clean.test(), settings, epochs, seed);
    }

    private Map<String, String> finetune(ReplayDataset clean) {
        Map<String, String> s = base(clean);
        s.putAll(CurationMethod.FINETUNE_TRUE.taskSettings());
        return s;
    }

    /** Meta-Weight-Net on (loss, uncertainty) with an EMA model, meta batches from the training stream, as in the paper. */
    private Map<String, String> pruningMode(ReplayDataset clean) {
        Map<String, String> s = base(clean);
        s.put("method", "sama");
        s.put("reweight", "true");
        s.put("correct", "false");
        s.put("uncertainty", "true");
        // Meta batches drawn uniformly from every sample seen (the reference's uniform draw): on the dev split it
        // pruned better than the FIFO of recent samples at every fraction (BENCHMARKS.md); --task.meta-data overrides.
        s.putIfAbsent("meta-data", "seen-training");
        // A score compared across classes: a class-aware net would rank whole classes and prune one away.
        s.put("reweight-class-aware", "false");
        return s;
    }

    private Map<String, String> base(ReplayDataset clean) {
        Map<String, String> s = new HashMap<>(clean.taskSettings());
        s.put("classes", Integer.toString(clean.classes()));
        s.putAll(tuning);
        s.remove("labeling-functions");
        return s;
    }
}

package io.winnow.benchmarks;

import io.winnow.sama.Example;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A benchmark's data, split and labeled: training samples with their given (weak or noisy) labels
 * and votes, the true label of every training sample, a clean trusted split for the meta level and
 * a clean test split. {@code taskSettings} are the model keys of the curation task
 * ({@code model}, {@code input.dimension}, ...), without the {@code task.<name>.} prefix.
 */
public record ReplayDataset(String name, int classes, List<Example> train, Map<String, Integer> trueLabels,
        List<Example> trusted, List<Example> test, Map<String, String> taskSettings) {

    public ReplayDataset {
        train = List.copyOf(train);
        trueLabels = Map.copyOf(trueLabels);
        trusted = List.copyOf(trusted);
        test = List.copyOf(test);
        taskSettings = Map.copyOf(taskSettings);
        for (Example e : train) {
            if (!trueLabels.containsKey(e.id())) {
                throw new IllegalArgumentException("no true label for training sample " + e.id());
            }
        }
    }

    public int trueLabel(String id) {
        return trueLabels.get(id);
    }

    /** Training samples whose given label is not their true label: what curation should find. */
    public Set<String> mislabeled() {
        Set<String> out = new HashSet<>();
        for (Example e : train) {
            if (e.label() != trueLabel(e.id())) {
                out.add(e.id());
            }
        }
        return out;
    }

    public double noiseRate() {
        return train.isEmpty() ? 0 : (double) mislabeled().size() / train.size();
    }

    /**
     * The dataset a setting is chosen on: a random {@code share} of the training samples, with their
     * true labels and no votes, replaces the test split and leaves training. The test split is then
     * never read, so that nothing is tuned on it.
     */
    public ReplayDataset withDevSplit(double share, long seed) {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("dev share must lie in (0, 1): " + share);
        }
        List<Example> shuffled = new ArrayList<>(train);
        Collections.shuffle(shuffled, new Random(seed));
        int devSize = Math.max(1, (int) Math.round(shuffled.size() * share));
        return withDev(shuffled.subList(0, devSize), ", dev split");
    }

    /**
     * One of {@code folds} disjoint dev splits that together cover the training samples, each
     * {@code 1/folds} of them, as {@link #withDevSplit}: for data too small for one dev split to tell
     * settings apart (on 230 dev texts one sample is 0.43 points), the runs of every fold are pooled.
     */
    public ReplayDataset withDevFold(int fold, int folds, long seed) {
        if (folds < 2 || fold < 0 || fold >= folds) {
            throw new IllegalArgumentException("dev fold " + fold + " of " + folds + ": need 0 <= fold < folds, folds >= 2");
        }
        List<Example> shuffled = new ArrayList<>(train);
        Collections.shuffle(shuffled, new Random(seed));
        int from = (int) ((long) shuffled.size() * fold / folds);
        int to = (int) ((long) shuffled.size() * (fold + 1) / folds);
        return withDev(shuffled.subList(from, to), ", dev fold " + (fold + 1) + " of " + folds);
    }

    private ReplayDataset withDev(List<Example> held, String suffix) {
        List<Example> dev = held.stream().map(this::withTrueLabel).toList();
        Set<String> devIds = new HashSet<>();
        dev.forEach(e -> devIds.add(e.id()));
        List<Example> rest = train.stream().filter(e -> !devIds.contains(e.id())).toList();
        Map<String, Integer> restLabels = new HashMap<>(trueLabels);
        restLabels.keySet().removeAll(devIds);
        return new ReplayDataset(name + suffix, classes, rest, restLabels, trusted, dev, taskSettings);
    }

    /** The training samples with their true labels and no votes: the ceiling's input. */
    public List<Example> trainWithTrueLabels() {
        return train.stream().map(this::withTrueLabel).toList();
    }

    /** A training sample as a clean one: its true label, no votes. */
    private Example withTrueLabel(Example e) {
        return new Example(e.id(), e.features(), e.tokens(), trueLabel(e.id()), new int[0]);
    }
}

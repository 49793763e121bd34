package io.winnow.benchmarks;

import io.winnow.benchmarks.topics.FortuneTopics.TopicText;
import io.winnow.benchmarks.topics.FortuneTopics;
import io.winnow.benchmarks.topics.TopicWeakLabels;
import io.winnow.jobs.ingest.TextFeatures;
import io.winnow.sama.Example;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns the fortune topics into a {@link ReplayDataset}, the six-class counterpart of the spam
 * benchmark's dataset: a fixed stratified split (clean trusted, 20% clean test, the rest training),
 * a hashed bag of words for the MLP, and training labels from the labeling functions' majority vote
 * or from synthetic noise on the true labels. The split is drawn per class so that the small
 * classes (sports has about 150 texts) still get trusted and test samples.
 */
public final class TopicDataset {

    public static final long SPLIT_SEED = 20240611L;
    public static final double TRUSTED_SHARE = 0.02;
    public static final int MIN_TRUSTED_PER_CLASS = 10;
    public static final double TEST_SHARE = 0.20;
    public static final int BAG_OF_WORDS_DIMENSION = 1024;

    private final List<TopicText> train = new ArrayList<>();
    private final List<TopicText> trusted = new ArrayList<>();
    private final List<TopicText> test = new ArrayList<>();
    private final TopicWeakLabels weakLabels;

    /** The installed fortunes, the standard labeling functions and the fixed split. */
    public static TopicDataset load() {
        return new TopicDataset(FortuneTopics.load(), TopicWeakLabels.fortuneTopics(), SPLIT_SEED);
    }

    /**
     * Splits {@code texts} with {@code splitSeed}, per class: max(2%, 10) trusted, 20% test, the rest
     * training; each split is then shuffled so the training stream does not arrive class by class.
     */
    public TopicDataset(List<TopicText> texts, TopicWeakLabels weakLabels, long splitSeed) {
        this.weakLabels = weakLabels;
        Random random = new Random(splitSeed);
        for (int c = 0; c < weakLabels.classes(); c++) {
            int label = c;
            List<TopicText> group = new ArrayList<>(texts.stream().filter(t -> t.label() == label).toList());
            Collections.shuffle(group, random);
            int trustedSize = Math.min(group.size(),
                    Math.max(MIN_TRUSTED_PER_CLASS, (int) Math.round(group.size() * TRUSTED_SHARE)));
            int testSize = Math.min(group.size() - trustedSize, (int) Math.round(group.size() * TEST_SHARE));
            trusted.addAll(group.subList(0, trustedSize));
            test.addAll(group.subList(trustedSize, trustedSize + testSize));
            train.addAll(group.subList(trustedSize + testSize, group.size()));
        }
        Collections.shuffle(trusted, random);
        Collections.shuffle(test, random);
        Collections.shuffle(train, random);
    }

    public List<TopicText> trainTexts() {
        return Collections.unmodifiableList(train);
    }

    /** The clean split the meta level learns from. */
    public List<TopicText> trustedTexts() {
        return Collections.unmodifiableList(trusted);
    }

    /** The clean held-out test split. */
    public List<TopicText> testTexts() {
        return Collections.unmodifiableList(test);
    }

    public TopicWeakLabels weakLabels() {
        return weakLabels;
    }

    /**
     * The dataset with training labels from {@code noise} ({@code noiseSeed} draws the synthetic
     * flips). Training and trusted samples carry the functions' votes (the meta level learns on the
     * trusted ones which functions to believe); test samples carry none.
     */
    public ReplayDataset build(LabelNoise noise, long noiseSeed) {
        int classes = weakLabels.classes();
        if (noise instanceof LabelNoise.ClassDependent c && c.rates().length != classes) {
            throw new IllegalArgumentException("class-dependent noise needs " + classes + " rates, got " + c.rates().length);
        }
        Random random = new Random(noiseSeed);
        boolean weak = noise instanceof LabelNoise.WeakSupervision;
        List<Example> trainExamples = new ArrayList<>();
        Map<String, Integer> trueLabels = new HashMap<>();
        for (TopicText text : train) {
            int[] votes = weakLabels.votes(text.text());
            int label = weak ? weakLabels.majority(votes) : LabelNoise.corrupt(noise, text.label(), classes, random);
            if (label == Example.NO_LABEL) {
                continue; // every labeling function abstained: no weak label to train on
            }
            trainExamples.add(example(text, label, weak ? votes : new int[0]));
            trueLabels.put(text.id(), text.label());
        }
        List<Example> trustedExamples = trusted.stream()
                .map(t -> example(t, t.label(), weak ? weakLabels.votes(t.text()) : new int[0])).toList();
        List<Example> testExamples = test.stream().map(t -> example(t, t.label(), new int[0])).toList();
        return new ReplayDataset("fortune topics, " + noise.name(), classes, trainExamples, trueLabels,
                trustedExamples, testExamples, taskSettings(weak));
    }

    private static Example example(TopicText text, int label, int[] votes) {
        return new Example(text.id(), TextFeatures.bagOfWords(text.text(), BAG_OF_WORDS_DIMENSION), null, label, votes);
    }

    private Map<String, String> taskSettings(boolean withVotes) {
        Map<String, String> s = new HashMap<>();
        s.put("model", "mlp");
        s.put("input.dimension", Integer.toString(BAG_OF_WORDS_DIMENSION));
        s.put("mlp.hidden", "128");
        if (withVotes) {
            s.put("labeling-functions", Integer.toString(weakLabels.count()));
        }
        return s;
    }
}

package io.winnow.demo;

import io.winnow.benchmarks.LabelNoise;
import io.winnow.benchmarks.ReplayDataset;
import io.winnow.benchmarks.SpamDataset;
import io.winnow.benchmarks.spam.SpamAssassinCorpus;
import io.winnow.benchmarks.spam.SpamLabelingFunctions;
import io.winnow.benchmarks.spam.WeakLabels;
import io.winnow.sama.Example;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Real e-mails: the SpamAssassin corpus as a hashed bag of words, 2% of it as clean trusted samples,
 * the training e-mails streamed {@code passes} times with labels from synthetic noise on the true
 * labels or from the ten labeling functions. Later passes carry the id suffix {@code #2}, {@code #3}, ...
 * so that every streamed sample has its own result.
 */
final class SpamDemoStream implements DemoStream {

    private final ReplayDataset dataset;
    private final String labels;
    private final int passes;
    private final List<Example> training = new ArrayList<>();

    SpamDemoStream(Path corpus, LabelNoise noise, int passes, long seed) {
        SpamDataset spam = new SpamDataset(SpamAssassinCorpus.load(corpus), new WeakLabels(SpamLabelingFunctions.ALL), 0);
        this.dataset = spam.build(noise, SpamDataset.Features.BAG_OF_WORDS, seed);
        this.labels = noise.name();
        this.passes = passes;
        for (int pass = 1; pass <= passes; pass++) {
            List<Example> shuffled = new ArrayList<>(dataset.train());
            java.util.Collections.shuffle(shuffled, new java.util.Random(seed * 31 + pass));
            for (Example e : shuffled) {
                training.add(pass == 1 ? e : new Example(e.id() + "#" + pass, e.features(), e.tokens(), e.label(), e.votes()));
            }
        }
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT,
                "%d SpamAssassin e-mails x %d passes (labels: %s, %.1f%% wrong) and %d trusted e-mails;%n"
                        + "  label correction and the trusted gate on: labels the trusted model doubts move to the"
                        + " corrector's belief when it is sure (BENCHMARKS.md)",
                dataset.train().size(), passes, labels, dataset.noiseRate() * 100, dataset.trusted().size());
    }

    @Override
    public Map<String, String> taskSettings() {
        Map<String, String> s = new HashMap<>(dataset.taskSettings());
        s.put("classes", "2");
        // The demo shows corrected labels: with the trusted gate (a default) the doubted labels move to the
        // corrector's belief, since a trusted-only model is a good judge of these e-mails. Otherwise the
        // documented defaults.
        s.put("correct", "true");
        return s;
    }

    @Override
    public List<Example> trusted() {
        return dataset.trusted();
    }

    @Override
    public List<Example> training() {
        return training;
    }

    @Override
    public int trueLabel(String id) {
        int pass = id.lastIndexOf('#');
        return dataset.trueLabel(pass < 0 ? id : id.substring(0, pass));
    }
}

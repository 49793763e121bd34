package io.winnow.benchmarks;

import io.winnow.benchmarks.spam.DataCache;
import io.winnow.jobs.config.CommandLine;
import io.winnow.jobs.config.ConfigException;
import io.winnow.jobs.config.Settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Options of the SpamAssassin benchmark, from {@code --key value} arguments; {@code --task.<key>}
 * passes a curation-task setting to every run (e.g. {@code --task.lr 0.002}).
 */
public record BenchmarkOptions(Dataset dataset, Path data, Path out, SpamDataset.Features features, int seeds, int epochs,
        int limit,
        int batchSize, List<CurationMethod> methods, List<LabelNoise> noises, boolean table, boolean pruning,
        boolean appendixE, List<Double> pruneFractions, int pruningEpochs, int pruningScoreEpochs,
        Map<String, String> tuning, Pretraining pretraining, Evaluation evaluation) {

    /** Which clean split the method table's final models are scored on. */
    public enum Evaluation {
        /** The clean test split: the numbers a report publishes. */
        TEST,
        /**
         * A dev split carved from the training samples ({@link #DEV_SHARE}, true labels): the one to
         * choose settings on; the test split is not read.
         */
        DEV
    }

    /** Share of the training samples a dev split takes. */
    public static final double DEV_SHARE = 0.2;

    /**
     * The continued-pretraining experiment (the paper's Section 4.2), when chosen.
     *
     * @param fortunes folder of the out-of-domain fortunes (Debian package fortunes)
     * @param labeled labeled downstream e-mails (finetuning and meta data)
     * @param pool size of the pretraining pool
     * @param outOfDomainShare share of fortunes in the pool
     * @param epochs passes over the pool
     */
    public record Pretraining(boolean enabled, Path fortunes, int labeled, int pool, double outOfDomainShare, int epochs) {}

    /** The weakly labeled corpus of the method table and pruning experiment. */
    public enum Dataset {
        /** SpamAssassin e-mails, 10 labeling functions, 2 classes. */
        SPAMASSASSIN,
        /** Fortunes of six topics, 21 labeling functions (Debian package fortunes). */
        TOPICS
    }


    /** Where benchmarks/fetch-spamassassin.sh puts the corpus ($WINNOW_DATA_CACHE, default ~/.cache/winnow). */
    public static final Path DEFAULT_DATA = DataCache.spamAssassin();

    public static BenchmarkOptions parse(String[] args) {
        CommandLine commandLine = CommandLine.parse(args);
        Map<String, String> all = new java.util.HashMap<>(commandLine.flags());
        all.putAll(commandLine.settings().asMap()); // --task.<key> values
        Settings s = new Settings(all);
        List<String> experiments = s.list("experiments");
        if (experiments.isEmpty()) {
            experiments = List.of("table", "pruning", "pretraining", "appendix-e");
        }
        for (String experiment : experiments) {
            if (!List.of("table", "pruning", "pretraining", "appendix-e").contains(experiment)) {
                throw new ConfigException("experiments: '" + experiment + "' is not table, pruning, pretraining or appendix-e");
            }
        }
        List<CurationMethod> methods = new ArrayList<>();
        s.list("methods").forEach(name -> methods.add(CurationMethod.parse(name)));
        Dataset dataset = s.choice("dataset", "spamassassin", List.of("spamassassin", "topics")).equals("topics")
                ? Dataset.TOPICS : Dataset.SPAMASSASSIN;
        List<LabelNoise> noises = new ArrayList<>();
        List<String> noiseNames = s.list("noise");
        // Class-dependent noise names one rate per class: the two-class default does not fit six topics.
        (noiseNames.isEmpty() ? dataset == Dataset.TOPICS ? List.of("weak", "sym:0.2", "sym:0.4")
                : List.of("weak", "sym:0.2", "sym:0.4", "class:0.1/0.4") : noiseNames)
                .forEach(name -> noises.add(LabelNoise.parse(name)));
        List<Double> fractions = new ArrayList<>();
        List<String> fractionNames = s.list("prune-fractions");
        (fractionNames.isEmpty() ? List.of("0.1", "0.2", "0.3", "0.4", "0.5") : fractionNames)
                .forEach(f -> fractions.add(Double.parseDouble(f)));
        String model = s.choice("model", "mlp", List.of("mlp", "text"));
        if (dataset == Dataset.TOPICS) {
            if (!model.equals("mlp")) {
                throw new ConfigException("dataset topics: only --model mlp (hashed bag of words)");
            }
            if (experiments.contains("pretraining")) {
                throw new ConfigException("dataset topics: the pretraining experiment uses the fortunes as out-of-domain"
                        + " text; run it on spamassassin (--experiments table,pruning,appendix-e)");
            }
        }
        BenchmarkOptions options = new BenchmarkOptions(
                dataset,
                Path.of(s.string("data", DEFAULT_DATA.toString())),
                Path.of(s.string("out", dataset == Dataset.TOPICS ? "target/benchmarks/topics-mlp"
                        : "target/benchmarks/spamassassin-" + model)),
                model.equals("mlp") ? SpamDataset.Features.BAG_OF_WORDS : SpamDataset.Features.TOKENS,
                s.integer("seeds", 3, 1, 100),
                // The fortune corpus is small (about 1,150 weakly labeled training texts): more passes to converge.
                s.integer("epochs", dataset == Dataset.TOPICS ? 20 : 5, 1, 1000),
                s.integer("limit", 0, 0, Integer.MAX_VALUE),
                s.integer("batch", 32, 1, 100_000),
                methods.isEmpty() ? List.of(CurationMethod.values()) : methods,
                noises,
                experiments.contains("table"),
                experiments.contains("pruning"),
                experiments.contains("appendix-e"),
                fractions,
                s.integer("pruning-epochs", 5, 1, 1000),
                s.integer("pruning-score-epochs", 2, 1, 1000),
                s.withPrefix("task."),
                new Pretraining(experiments.contains("pretraining"),
                        Path.of(s.string("fortunes", DataCache.fortunes().toString())),
                        s.integer("pretrain-labeled", 200, 2, 1_000_000),
                        s.integer("pretrain-pool", 2000, 2, 10_000_000),
                        s.decimal("pretrain-ood-share", 0.5, 0, 1),
                        s.integer("pretrain-epochs", 2, 1, 1000)),
                s.choice("evaluate", "test", List.of("test", "dev")).equals("dev") ? Evaluation.DEV : Evaluation.TEST);
        List<String> unused = s.unusedKeys();
        if (!unused.isEmpty()) {
            throw new ConfigException("unknown options " + unused);
        }
        return options;
    }
}

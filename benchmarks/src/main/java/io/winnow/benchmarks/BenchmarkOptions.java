package io.winnow.benchmarks;

import io.winnow.benchmarks.spam.DataCache;
import io.winnow.jobs.config.CommandLine;
import io.winnow.jobs.config.ConfigException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
        Map<String, String> tuning, Pretraining pretraining, Evaluation evaluation, int devFolds) {

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

    /** Share of the training samples a dev split takes (with one dev fold). */
    public static final double DEV_SHARE = 0.2;

    /** Seed of the shuffle that carves dev splits (the same for every noise, method and seed). */
    public static final long DEV_SEED = 23;

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

    /**
     * Parses the benchmark's command line; {@code --help} is answered by {@link #usage}.
     *
     * @throws ConfigException naming the option that is wrong
     */
    public static BenchmarkOptions parse(String[] args) {
        BenchmarkCommandLine line = new BenchmarkCommandLine();
        try {
            // The script passes --data first; a user's --data after it wins, as it always has.
            new picocli.CommandLine(line).setOverwrittenOptionsAllowed(true).parseArgs(args);
        } catch (picocli.CommandLine.ParameterException e) {
            throw new ConfigException(e.getMessage() + " (--help lists the options)", e);
        }
        CommandLine tasks = CommandLine.parse(line.taskSettings.toArray(String[]::new));
        Map<String, String> tuning = tasks.settings().withPrefix("task.");
        List<String> stray = new ArrayList<>(tasks.flags().keySet());
        tasks.settings().asMap().keySet().stream().filter(key -> !key.startsWith("task.")).forEach(stray::add);
        if (!stray.isEmpty()) {
            throw new ConfigException("unknown options " + stray + " (--help lists the options; task settings are --task.<key>)");
        }
        List<String> experiments = line.experiments.isEmpty()
                ? List.of("table", "pruning", "pretraining", "appendix-e") : line.experiments;
        for (String experiment : experiments) {
            if (!List.of("table", "pruning", "pretraining", "appendix-e").contains(experiment)) {
                throw new ConfigException("experiments: '" + experiment + "' is not table, pruning, pretraining or appendix-e");
            }
        }
        List<CurationMethod> methods = new ArrayList<>();
        line.methods.forEach(name -> methods.add(CurationMethod.parse(name)));
        Dataset dataset = switch (line.dataset) {
            case "spamassassin" -> Dataset.SPAMASSASSIN;
            case "topics" -> Dataset.TOPICS;
            default -> throw new ConfigException("dataset must be spamassassin or topics, got '" + line.dataset + "'");
        };
        List<LabelNoise> noises = new ArrayList<>();
        // Class-dependent noise names one rate per class: the two-class default does not fit six topics.
        (line.noise.isEmpty() ? dataset == Dataset.TOPICS ? List.of("weak", "sym:0.2", "sym:0.4")
                : List.of("weak", "sym:0.2", "sym:0.4", "class:0.1/0.4") : line.noise)
                .forEach(name -> noises.add(LabelNoise.parse(name)));
        require(List.of("mlp", "text").contains(line.model), "model must be mlp or text, got '" + line.model + "'");
        require(List.of("test", "dev").contains(line.evaluate), "evaluate must be test or dev, got '" + line.evaluate + "'");
        require(line.devFolds >= 1 && line.devFolds <= 20, "dev-folds must be in [1, 20]: " + line.devFolds);
        require(line.devFolds == 1 || line.evaluate.equals("dev"), "dev-folds needs --evaluate dev");
        if (dataset == Dataset.TOPICS) {
            require(line.model.equals("mlp"), "dataset topics: only --model mlp (hashed bag of words)");
            require(!experiments.contains("pretraining"), "dataset topics: the pretraining experiment uses the fortunes"
                    + " as out-of-domain text; run it on spamassassin (--experiments table,pruning,appendix-e)");
        }
        // The fortune corpus is small (about 1,150 weakly labeled training texts): more passes to converge.
        int epochs = line.epochs != null ? line.epochs : dataset == Dataset.TOPICS ? 20 : 5;
        require(line.seeds >= 1 && line.seeds <= 100, "seeds must be in [1, 100]: " + line.seeds);
        require(epochs >= 1 && line.pruningEpochs >= 1 && line.pruningScoreEpochs >= 1 && line.pretrainEpochs >= 1,
                "epochs must be at least 1");
        require(line.limit >= 0 && line.batch >= 1, "limit must be >= 0 and batch >= 1");
        require(line.pretrainLabeled >= 2 && line.pretrainPool >= 2, "pretrain-labeled and pretrain-pool must be at least 2");
        require(line.pretrainOodShare >= 0 && line.pretrainOodShare <= 1, "pretrain-ood-share must be in [0, 1]");
        return new BenchmarkOptions(
                dataset,
                line.data != null ? line.data : DEFAULT_DATA,
                line.out != null ? line.out : Path.of(dataset == Dataset.TOPICS ? "target/benchmarks/topics-mlp"
                        : "target/benchmarks/spamassassin-" + line.model),
                line.model.equals("mlp") ? SpamDataset.Features.BAG_OF_WORDS : SpamDataset.Features.TOKENS,
                line.seeds,
                epochs,
                line.limit,
                line.batch,
                methods.isEmpty() ? Arrays.stream(CurationMethod.values()).filter(CurationMethod::inDefaultTable).toList() : methods,
                noises,
                experiments.contains("table"),
                experiments.contains("pruning"),
                experiments.contains("appendix-e"),
                line.pruneFractions.isEmpty() ? List.of(0.1, 0.2, 0.3, 0.4, 0.5) : line.pruneFractions,
                line.pruningEpochs,
                line.pruningScoreEpochs,
                tuning,
                new Pretraining(experiments.contains("pretraining"),
                        line.fortunes != null ? line.fortunes : DataCache.fortunes(),
                        line.pretrainLabeled, line.pretrainPool, line.pretrainOodShare, line.pretrainEpochs),
                line.evaluate.equals("dev") ? Evaluation.DEV : Evaluation.TEST,
                line.devFolds);
    }

    /** The dataset the method table scores: the test split, or each dev fold in turn. */
    public List<ReplayDataset> evaluated(ReplayDataset built) {
        if (evaluation == Evaluation.TEST) {
            return List.of(built);
        }
        if (devFolds == 1) {
            return List.of(built.withDevSplit(DEV_SHARE, DEV_SEED));
        }
        List<ReplayDataset> folds = new ArrayList<>();
        for (int fold = 0; fold < devFolds; fold++) {
            folds.add(built.withDevFold(fold, devFolds, DEV_SEED));
        }
        return folds;
    }

    /** Whether the command line asks for help. */
    public static boolean helpRequested(String[] args) {
        return java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h");
    }

    /** The options, their defaults and what they do. */
    public static void usage(java.io.PrintStream out) {
        new picocli.CommandLine(new BenchmarkCommandLine()).usage(out);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new ConfigException(message);
        }
    }
}

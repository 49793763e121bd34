package io.winnow.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * The benchmark's command line (picocli): what {@link BenchmarkOptions#parse} reads, and what
 * {@code benchmarks/spamassassin.sh --help} prints. Options whose default depends on the data set
 * stay null when not given.
 */
@Command(name = "benchmarks/spamassassin.sh", sortOptions = false, usageHelpWidth = 100,
        description = "Replays a weakly labeled corpus through Winnow's curation job (bounded runs on a local"
                + " MiniCluster and an in-process Kafka broker) for every method, noise and seed, and writes"
                + " report.md, PNG plots and CSV files.%n",
        footer = "%nAny curation-task setting applies to every run as --task.<key> value (e.g. --task.meta-lr 0.003;"
                + " keys: flink-jobs/conf/curation.example.properties). Choose settings with --evaluate dev, never"
                + " on the test split.")
final class BenchmarkCommandLine {

    @Option(names = "--dataset", defaultValue = "spamassassin",
            description = "spamassassin (2 classes, 10 labeling functions) or topics (six fortune topics, 21"
                    + " labeling functions) (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--experiments", split = "\\s*,\\s*", splitSynopsisLabel = ",", paramLabel = "NAME",
            description = "table, pruning, pretraining, appendix-e (default: all; topics: no pretraining)")
    List<String> experiments = new ArrayList<>();

    @Option(names = "--methods", split = "\\s*,\\s*", splitSynopsisLabel = ",", paramLabel = "METHOD",
            description = "methods of the table, by key (default: all)")
    List<String> methods = new ArrayList<>();

    @Option(names = "--noise", split = "\\s*,\\s*", splitSynopsisLabel = ",", paramLabel = "NOISE",
            description = "weak, sym:RATE, class:R0/R1 (default: weak,sym:0.2,sym:0.4 and, on spamassassin, class:0.1/0.4)")
    List<String> noise = new ArrayList<>();

    @Option(names = "--seeds", defaultValue = "3", description = "seeds per cell, 1 to 100 (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--epochs", description = "passes over the training data (default: 5; topics: 20)")
    Integer epochs;

    @Option(names = "--model", defaultValue = "mlp", description = "mlp (hashed bag of words) or text (token ids)"
            + " (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--limit", defaultValue = "0", description = "use the first N e-mails only; 0 for all")
    int limit;

    @Option(names = "--batch", defaultValue = "32", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--evaluate", defaultValue = "test",
            description = "test (the clean test split: the numbers a report publishes) or dev (a split carved from"
                    + " training: the one to choose settings on) (default: ${DEFAULT-VALUE})")
    String evaluate;

    @Option(names = "--dev-folds", defaultValue = "1",
            description = "with --evaluate dev: K > 1 scores K disjoint dev folds of the training samples in turn (each"
                    + " 1/K of them) and pools the runs, so that every training sample is scored once; for data too"
                    + " small for one 20% split to tell settings apart (default: ${DEFAULT-VALUE})")
    int devFolds;

    @Option(names = "--prune-fractions", split = "\\s*,\\s*", splitSynopsisLabel = ",", paramLabel = "SHARE",
            description = "shares of the training data pruned (default: 0.1,0.2,0.3,0.4,0.5)")
    List<Double> pruneFractions = new ArrayList<>();

    @Option(names = "--pruning-epochs", defaultValue = "5", description = "epochs on the pruned data (default: ${DEFAULT-VALUE})")
    int pruningEpochs;

    @Option(names = "--pruning-score-epochs", defaultValue = "2",
            description = "epochs of the run that scores samples for pruning (default: ${DEFAULT-VALUE})")
    int pruningScoreEpochs;

    @Option(names = "--fortunes", paramLabel = "DIR", description = "the out-of-domain text of the pretraining experiment"
            + " (default: the Debian fortunes, fetched by benchmarks/fetch-fortunes.sh)")
    Path fortunes;

    @Option(names = "--pretrain-labeled", defaultValue = "200", description = "labeled e-mails (default: ${DEFAULT-VALUE})")
    int pretrainLabeled;

    @Option(names = "--pretrain-pool", defaultValue = "2000", description = "pretraining pool size (default: ${DEFAULT-VALUE})")
    int pretrainPool;

    @Option(names = "--pretrain-ood-share", defaultValue = "0.5",
            description = "share of out-of-domain text in the pool (default: ${DEFAULT-VALUE})")
    double pretrainOodShare;

    @Option(names = "--pretrain-epochs", defaultValue = "2", description = "passes over the pool (default: ${DEFAULT-VALUE})")
    int pretrainEpochs;

    @Option(names = "--data", paramLabel = "DIR", description = "the SpamAssassin corpus (default: where"
            + " benchmarks/fetch-spamassassin.sh puts it)")
    Path data;

    @Option(names = "--out", paramLabel = "DIR",
            description = "where the report goes (default: target/benchmarks/spamassassin-<model> or topics-mlp)")
    Path out;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    /** The --task.<key> settings, in order. */
    @Unmatched
    List<String> taskSettings = new ArrayList<>();
}

package io.winnow.benchmarks;

import io.winnow.benchmarks.hyper.HypergradientAccuracy;
import io.winnow.benchmarks.spam.Email;
import io.winnow.benchmarks.spam.FortuneCorpus;
import io.winnow.benchmarks.spam.SpamAssassinCorpus;
import io.winnow.benchmarks.spam.SpamLabelingFunctions;
import io.winnow.benchmarks.spam.WeakLabels;
import io.winnow.embedded.EmbeddedKafka;
import io.winnow.jobs.config.ConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

/**
 * The SpamAssassin benchmark: weak supervision with real labeling functions, synthetic label noise,
 * data pruning, continued pretraining on in-domain and out-of-domain text, and the Appendix E curves, every training run a bounded replay through the curation
 * job on a local MiniCluster and an in-process Kafka broker. Writes a Markdown report with plots.
 *
 * <pre>
 * benchmarks/spamassassin.sh [--dataset spamassassin|topics] [--seeds 3] [--epochs 5] [--model mlp|text] [--limit N]
 *     [--experiments table,pruning,pretraining,appendix-e] [--methods ...] [--noise weak,sym:0.2,...] [--task.lr 0.001]
 *     [--evaluate test|dev [--dev-folds K]]
 *     [--fortunes DIR] [--pretrain-labeled 200] [--pretrain-pool 2000] [--pretrain-ood-share 0.5] [--pretrain-epochs 2]
 * </pre>
 */
public final class SpamBenchmark {

    private SpamBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (BenchmarkOptions.helpRequested(args)) {
            BenchmarkOptions.usage(System.out);
            return;
        }
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (ConfigException e) {
            System.err.println("spamassassin.sh: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path report = run(options);
        System.out.println("report: " + report.toAbsolutePath());
    }

    /** Runs the chosen experiments and writes the report; returns the report's path. */
    public static Path run(BenchmarkOptions options) throws Exception {
        return new BenchmarkReport(execute(options)).write(options.out());
    }

    /** Runs the chosen experiments. */
    public static BenchmarkResults execute(BenchmarkOptions options) throws Exception {
        Files.createDirectories(options.out());
        boolean topics = options.dataset() == BenchmarkOptions.Dataset.TOPICS;
        List<Email> emails = topics ? List.of() : slice(SpamAssassinCorpus.load(options.data()), options.limit());
        WeakLabels weakLabels = new WeakLabels(SpamLabelingFunctions.ALL);
        SpamDataset corpus = topics ? null : new SpamDataset(emails, weakLabels, 0);
        BenchmarkCorpus table = topics ? BenchmarkCorpus.topics(TopicDataset.load())
                : BenchmarkCorpus.spam(corpus, emails, options.features(), options.limit());
        // No overrides of the job's documented defaults: only what --task.<key> sets, for every run.
        Map<String, String> tuning = options.tuning();
        List<Long> seeds = LongStream.rangeClosed(1, options.seeds()).boxed().toList();
        BenchmarkOptions.Pretraining pretraining = options.pretraining();
        // Built before any run: missing fortunes fail the benchmark at once, not after the other experiments.
        PretrainingPool pool = pretraining.enabled()
                ? PretrainingPool.build(corpus, FortuneCorpus.load(pretraining.fortunes()), pretraining.labeled(),
                        pretraining.pool(), pretraining.outOfDomainShare(), 0)
                : null;
        BenchmarkResults results = new BenchmarkResults(options, table, tuning);
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(1).start()) {
            ReplayRunner runner = new ReplayRunner(kafka, options.out().resolve("work"), options.batchSize());
            if (options.table()) {
                MethodComparison comparison = new MethodComparison(runner, options.epochs(), tuning);
                for (LabelNoise noise : options.noises()) {
                    for (ReplayDataset dataset : options.evaluated(table.build(noise, 17))) {
                        results.noiseRates().put(noise.name(), dataset.noiseRate());
                        results.runs().addAll(comparison.run(dataset, noise.name(), options.methods(), seeds,
                                SpamBenchmark::print));
                    }
                }
            }
            if (pool != null) {
                results.setPretrainingData(String.format(Locale.ROOT,
                        "%d labeled e-mails (downstream finetuning and meta data); a pool of %d unlabeled texts: %d e-mails"
                                + " not in the labeled set, %d fortunes (%s); %d test e-mails; %d epochs over the pool",
                        pool.labeled().size(), pool.pool().size(), pool.inDomain().size(),
                        pool.pool().size() - pool.inDomain().size(), pretraining.fortunes(), pool.test().size(),
                        pretraining.epochs()));
                Map<String, String> pretrainingTuning = new HashMap<>(PretrainingExperiment.DEFAULT_TUNING);
                pretrainingTuning.putAll(options.tuning());
                results.setPretrainingTuning(pretrainingTuning);
                results.pretraining().addAll(new PretrainingExperiment(runner, pretrainingTuning, pretraining.epochs())
                        .run(pool, List.of(PretrainingExperiment.Method.values()), seeds, SpamBenchmark::print));
            }
            if (options.pruning()) {
                ReplayDataset clean = table.build(new LabelNoise.Symmetric(0), 17);
                results.pruning().addAll(new PruningExperiment(runner, tuning, options.pruningEpochs(),
                        options.pruningScoreEpochs()).run(clean, options.pruneFractions(), seeds, SpamBenchmark::print));
            }
        }
        if (options.appendixE()) {
            results.setHypergradientAccuracy(HypergradientAccuracy.run(1, 100));
        }
        return results;
    }

    /** A stratified-free random slice of {@code limit} e-mails (all when 0), the same for every run. */
    static List<Email> slice(List<Email> emails, int limit) {
        if (limit <= 0 || limit >= emails.size()) {
            return emails;
        }
        List<Email> shuffled = new ArrayList<>(emails);
        Collections.shuffle(shuffled, new Random(42));
        return List.copyOf(shuffled.subList(0, limit));
    }

    private static void print(MethodRun run) {
        System.out.printf(Locale.ROOT, "%-22s %-34s seed %d  accuracy %.4f%s  (%.1f s)%n", run.noise(), run.method().label(),
                run.seed(), run.accuracy(), run.detection() == null ? ""
                        : String.format(Locale.ROOT, "  weight AUC %.3f  weight on wrong labels %.1f%%  corrections %d",
                                run.detection().weightAuc(), 100 * last(run.detection().mislabeledWeightSharePerEpoch()),
                                run.detection().corrections()), run.seconds());
    }

    private static double last(double[] values) {
        return values.length == 0 ? Double.NaN : values[values.length - 1];
    }

    private static void print(PretrainingExperiment.Run run) {
        System.out.printf(Locale.ROOT, "pretraining %-38s seed %d  accuracy %.4f  weight in-domain %.3f / out %.3f  AUC %.3f"
                + "  (loss AUC %.3f)  (%.1f s)%n", run.method().label(), run.seed(), run.accuracy(), run.meanInDomainWeight(),
                run.meanOutOfDomainWeight(), run.weightAuc(), run.lossAuc(), run.seconds());
    }

    private static void print(PruningExperiment.Point point) {
        System.out.printf(Locale.ROOT, "pruning %-10s %.0f%%  seed %d  accuracy %.4f (full %.4f)%n", point.score(),
                point.fraction() * 100, point.seed(), point.accuracy(), point.fullAccuracy());
    }
}

package io.winnow.benchmarks;

import io.winnow.benchmarks.hyper.HypergradientAccuracy;
import io.winnow.benchmarks.spam.WeakLabels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * Writes {@code report.md} with the benchmark's tables, the PNG plots it links to, and
 * {@code runs.csv} with one line per replay.
 */
public final class BenchmarkReport {

    private final BenchmarkResults results;
    private final StringBuilder md = new StringBuilder();

    public BenchmarkReport(BenchmarkResults results) {
        this.results = results;
    }

    /** Writes everything under {@code dir}; returns the report's path. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        header();
        labelingFunctions();
        if (!results.runs().isEmpty()) {
            methodTable(dir);
            againstBaselines();
            noiseDetection(dir);
            learningCurves(dir);
            Files.writeString(dir.resolve("runs.csv"), runsCsv());
        }
        if (!results.pruning().isEmpty()) {
            pruning(dir);
        }
        if (!results.pretraining().isEmpty()) {
            pretraining(dir);
            Files.writeString(dir.resolve("pretraining-runs.csv"), pretrainingCsv());
        }
        if (results.hypergradientAccuracy() != null) {
            appendixE(dir);
        }
        Path report = dir.resolve("report.md");
        Files.writeString(report, md.toString());
        return report;
    }

    private void header() {
        BenchmarkOptions o = results.options();
        line("# " + (o.dataset() == BenchmarkOptions.Dataset.TOPICS ? "Fortune topics" : "SpamAssassin")
                + " benchmark: SAMA data curation through the Winnow job");
        line("");
        line("Every number below comes from bounded replays of the curation job (Flink MiniCluster, in-process Kafka):");
        line("one shuffled pass over the training split per epoch, then the final model predicts the clean test split.");
        if (o.evaluation() == BenchmarkOptions.Evaluation.DEV && o.devFolds() == 1) {
            line(String.format(java.util.Locale.ROOT, "**Dev evaluation** (`--evaluate dev`): the method table is scored on %.0f%% of the"
                    + " training samples with their true labels, held out of training; the test split is not read.",
                    BenchmarkOptions.DEV_SHARE * 100));
        } else if (o.evaluation() == BenchmarkOptions.Evaluation.DEV) {
            line(String.format(java.util.Locale.ROOT, "**Dev evaluation** (`--evaluate dev --dev-folds %d`): each run is scored on one of %d"
                    + " disjoint folds of the training samples (true labels, held out of that run's training), every fold"
                    + " with every seed; mean ± std are over folds and seeds. The test split is not read.",
                    o.devFolds(), o.devFolds()));
        }
        line("The task defaults were chosen before this report on dev splits carved from the training data (20%, true");
        line("labels) and on generated noisy clusters: the SpamAssassin e-mails for all of them, and, for the trusted");
        line("gate and trusted mixing (2026-12-02), the fortune topics too; nothing was tuned on a test split.");
        line("");
        line("| Setting | Value |");
        line("|---|---|");
        row("Generated", Instant.now().toString());
        row("Machine", Runtime.getRuntime().availableProcessors() + " CPU cores, Java " + System.getProperty("java.version"));
        row("Corpus", results.corpus());
        if (o.table() || o.pruning()) { // the settings of the curation replays
            row("Split", results.split());
            row("Model", results.model());
            row("Epochs / batch / seeds", o.epochs() + " / " + o.batchSize() + " / " + o.seeds());
            row("Task settings", new TreeMap<>(results.tuning()).toString());
        }
        line("");
    }

    private void labelingFunctions() {
        line("## Labeling functions");
        line("");
        line("Coverage and accuracy on the whole corpus; the weak label is the majority vote (ties go to the first class:");
        line("ham, or the lowest topic index; samples no function votes on are left out of training).");
        line("");
        line("| Labeling function | Coverage | Accuracy |");
        line("|---|---:|---:|");
        for (WeakLabels.Quality q : results.labelingFunctions()) {
            line(String.format(Locale.ROOT, "| %s | %.3f | %.3f |", q.name(), q.coverage(), q.accuracy()));
        }
        line("");
    }

    private List<String> noises() {
        List<String> out = new ArrayList<>();
        results.runs().forEach(r -> {
            if (!out.contains(r.noise())) {
                out.add(r.noise());
            }
        });
        return out;
    }

    private List<CurationMethod> methods() {
        return results.runs().stream().map(MethodRun::method).distinct().sorted().toList();
    }

    private void methodTable(Path dir) {
        List<String> noises = noises();
        BenchmarkOptions o = results.options();
        line(o.evaluation() == BenchmarkOptions.Evaluation.TEST ? "## Test accuracy (%), mean ± std over seeds (the paper's Table 1)"
                : o.devFolds() == 1 ? "## Dev accuracy (%), mean ± std over seeds (not the test split)"
                : "## Dev accuracy (%), mean ± std over " + o.devFolds() + " dev folds × seeds (not the test split)");
        line("");
        StringBuilder head = new StringBuilder("| Method |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String noise : noises) {
            head.append(' ').append(noise).append(String.format(Locale.ROOT, " (%.1f%% wrong) |",
                    100 * results.noiseRates().getOrDefault(noise, Double.NaN)));
            rule.append("---:|");
        }
        line(head.toString());
        line(rule.toString());
        DefaultStatisticalCategoryDataset chart = new DefaultStatisticalCategoryDataset();
        double lowest = 1;
        for (CurationMethod method : methods()) {
            StringBuilder row = new StringBuilder("| ").append(method.label()).append(" |");
            for (String noise : noises) {
                Stats.Summary s = results.accuracy(noise, method);
                row.append(' ').append(s.runs() == 0 ? "–" : s.percent()).append(" |");
                if (s.runs() > 0) {
                    chart.add(100 * s.mean(), 100 * s.std(), noise, method.label());
                    lowest = Math.min(lowest, s.mean() - s.std());
                }
            }
            line(row.toString());
        }
        line("");
        Charts.barsWithErrorBars(dir.resolve("accuracy.png"), "Test accuracy by method (mean ± std over seeds)",
                "accuracy (%)", chart, Math.max(0, Math.floor(100 * lowest / 5) * 5 - 5));
        line("![Test accuracy by method](accuracy.png)");
        line("");
    }

    /**
     * Each curation method against the strongest simple baseline a user would try instead (the best
     * mean among the methods without meta learning that are no ceiling), per label setting.
     */
    private void againstBaselines() {
        List<CurationMethod> baselines = methods().stream().filter(m -> !m.metaLearning() && !m.ceiling()).toList();
        List<CurationMethod> curation = methods().stream().filter(CurationMethod::metaLearning).toList();
        if (baselines.isEmpty() || curation.isEmpty()) {
            return;
        }
        line("## Against the strongest simple baseline");
        line("");
        line("Points of test accuracy over the best baseline of the same label setting (methods without meta learning");
        line("that use no knowledge of which labels are wrong), and over oracle reweighting where it ran.");
        line("");
        line("| Labels | Best baseline | Its accuracy | Method | Accuracy | Δ vs best baseline | Δ vs oracle reweighting |");
        line("|---|---|---:|---|---:|---:|---:|");
        for (String noise : noises()) {
            CurationMethod best = null;
            double bestMean = Double.NEGATIVE_INFINITY;
            for (CurationMethod b : baselines) {
                Stats.Summary summary = results.accuracy(noise, b);
                if (summary.runs() > 0 && summary.mean() > bestMean) {
                    best = b;
                    bestMean = summary.mean();
                }
            }
            if (best == null) {
                continue;
            }
            Stats.Summary oracle = results.accuracy(noise, CurationMethod.ORACLE_REWEIGHTING);
            for (CurationMethod method : curation) {
                Stats.Summary s = results.accuracy(noise, method);
                if (s.runs() == 0) {
                    continue;
                }
                line(String.format(Locale.ROOT, "| %s | %s | %.2f | %s | %s | %+.2f | %s |", noise, best.label(), 100 * bestMean,
                        method.label(), s.percent(), 100 * (s.mean() - bestMean),
                        oracle.runs() == 0 ? "–" : String.format(Locale.ROOT, "%+.2f", 100 * (s.mean() - oracle.mean()))));
            }
        }
        line("");
    }

    /**
     * Per epoch, the share of the total weight that fell on mislabeled samples: oracle reweighting
     * puts none there from the first epoch, plain finetuning the label noise rate in every epoch.
     */
    private void weightOnMislabeled() {
        int epochs = results.runs().stream().filter(r -> r.detection() != null)
                .mapToInt(r -> r.detection().mislabeledWeightSharePerEpoch().length).max().orElse(0);
        if (epochs == 0) {
            return;
        }
        line("Share of the weight on mislabeled samples, per epoch (mean over seeds; plain finetuning: the share of");
        line("wrong given labels in every epoch, oracle reweighting: 0). How fast the weights act, which the last");
        line("epoch's AUC cannot show.");
        line("");
        StringBuilder header = new StringBuilder("| Labels | Method | Wrong given labels |");
        StringBuilder rule = new StringBuilder("|---|---|---:|");
        for (int epoch = 1; epoch <= epochs; epoch++) {
            header.append(" Epoch ").append(epoch).append(" |");
            rule.append("---:|");
        }
        line(header.toString());
        line(rule.toString());
        for (String noise : noises()) {
            for (CurationMethod method : methods()) {
                List<MethodRun> runs = results.runs(noise, method);
                if (runs.isEmpty() || runs.get(0).detection() == null || !method.metaLearning()) {
                    continue;
                }
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %.1f%% |", noise, method.label(),
                        100 * runs.get(0).detection().wrongLabelShare()));
                for (int epoch = 0; epoch < epochs; epoch++) {
                    int e = epoch;
                    List<Double> shares = runs.stream().map(r -> r.detection().mislabeledWeightSharePerEpoch())
                            .filter(s -> s.length > e).map(s -> s[e]).toList();
                    row.append(shares.isEmpty() ? " – |"
                            : String.format(Locale.ROOT, " %.1f%% |", 100 * Stats.Summary.of(shares).mean()));
                }
                line(row.toString());
            }
        }
        line("");
    }

    private void noiseDetection(Path dir) {
        line("## Finding the mislabeled training samples");
        line("");
        line("Weight AUC: ROC AUC of the last-epoch weights for telling clean (high weight) from mislabeled samples");
        line("(0.5 is chance). Corrections: samples whose corrected label differs from the given one in the last epoch;");
        line("precision = share of corrections that restore the true label, recall = share of mislabeled samples restored.");
        line("");
        line("| Labels | Method | Weight AUC | Corrections | Precision | Recall |");
        line("|---|---|---:|---:|---:|---:|");
        for (String noise : noises()) {
            for (CurationMethod method : methods()) {
                List<MethodRun> runs = results.runs(noise, method);
                if (runs.isEmpty() || runs.get(0).detection() == null || !method.metaLearning()) {
                    continue;
                }
                Stats.Summary auc = Stats.Summary.of(runs.stream().map(r -> r.detection().weightAuc()).toList());
                Stats.Summary corrections = Stats.Summary.of(runs.stream().map(r -> (double) r.detection().corrections()).toList());
                String precision = method.correctsLabels()
                        ? Stats.Summary.of(runs.stream().map(r -> r.detection().correctionPrecision()).filter(v -> !v.isNaN()).toList()).plain() : "–";
                String recall = method.correctsLabels()
                        ? Stats.Summary.of(runs.stream().map(r -> r.detection().correctionRecall()).toList()).plain() : "–";
                line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |", noise, method.label(), auc.plain(),
                        method.correctsLabels() ? String.format(Locale.ROOT, "%.0f", corrections.mean()) : "–", precision, recall));
            }
        }
        line("");
        weightOnMislabeled();
        CurationMethod shown = methods().contains(CurationMethod.SAMA_RC) ? CurationMethod.SAMA_RC
                : methods().stream().filter(CurationMethod::metaLearning).findFirst().orElse(null);
        if (shown == null) {
            return;
        }
        for (String noise : noises()) {
            List<MethodRun> runs = results.runs(noise, shown);
            if (runs.isEmpty() || runs.get(0).detection() == null) {
                continue;
            }
            NoiseDetection d = runs.get(0).detection();
            String file = "weights-" + MethodComparison.slug(noise) + ".png";
            Map<String, double[]> series = new LinkedHashMap<>();
            series.put("clean", d.cleanWeights());
            series.put("mislabeled", d.mislabeledWeights());
            Charts.histograms(dir.resolve(file), shown.label() + " weights, " + noise + " (seed " + runs.get(0).seed() + ")",
                    "importance weight", series, 40, 0, 2);
            line("![Weights of clean and mislabeled samples, " + noise + "](" + file + ")");
        }
        line("");
    }

    private void learningCurves(Path dir) {
        line("## Learning curves");
        line("");
        line("Mean training loss on the given labels per epoch (mean ± std over seeds; the loss reweighting and");
        line("correction act on is not this one, so a method that stops fitting wrong labels shows a higher curve).");
        line("");
        for (String noise : noises()) {
            Map<String, List<double[]>> series = new LinkedHashMap<>();
            for (CurationMethod method : methods()) {
                List<MethodRun> runs = results.runs(noise, method);
                if (runs.isEmpty() || !method.curatesGivenLabels()) {
                    continue;
                }
                int epochs = runs.stream().mapToInt(r -> r.lossPerEpoch().length).min().orElse(0);
                List<double[]> points = new ArrayList<>();
                for (int e = 0; e < epochs; e++) {
                    final int epoch = e;
                    Stats.Summary s = Stats.Summary.of(runs.stream().map(r -> r.lossPerEpoch()[epoch]).toList());
                    points.add(new double[] {e + 1, s.mean(), s.std()});
                }
                series.put(method.label(), points);
            }
            String file = "learning-" + MethodComparison.slug(noise) + ".png";
            Charts.linesWithBands(dir.resolve(file), "Training loss per epoch, " + noise, "epoch", "mean training loss", series);
            line("![Learning curves, " + noise + "](" + file + ")");
        }
        line("");
    }

    private void pruning(Path dir) {
        List<PruningExperiment.Point> points = results.pruning();
        TreeSet<Double> fractions = new TreeSet<>();
        List<String> scores = new ArrayList<>();
        points.forEach(p -> {
            fractions.add(p.fraction());
            if (!scores.contains(p.score())) {
                scores.add(p.score());
            }
        });
        Stats.Summary full = Stats.Summary.of(points.stream().map(PruningExperiment.Point::fullAccuracy).distinct().toList());
        line("## Data pruning (the paper's Section 4.3)");
        line("");
        line("Clean labels. SAMA scores each sample by its weight averaged over the last "
                + results.options().pruningScoreEpochs() + " of " + results.options().pruningEpochs()
                + " epochs of a pruning-mode run (reweighting on loss and");
        line("uncertainty against an EMA model, meta batches drawn uniformly from every training sample seen, no trusted set). Each pruned set is");
        line("retrained from scratch. Relative accuracy = pruned accuracy / full-data accuracy (full: " + full.percent() + "%).");
        line("");
        StringBuilder head = new StringBuilder("| Pruned |");
        StringBuilder rule = new StringBuilder("|---:|");
        for (String score : scores) {
            head.append(' ').append(score).append(" |");
            rule.append("---:|");
        }
        line(head.toString());
        line(rule.toString());
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (double fraction : fractions) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %.0f%% |", fraction * 100));
            for (String score : scores) {
                Stats.Summary s = Stats.Summary.of(points.stream()
                        .filter(p -> p.score().equals(score) && p.fraction() == fraction)
                        .map(PruningExperiment.Point::relativeAccuracy).toList());
                row.append(' ').append(s.plain()).append(" |");
                series.computeIfAbsent(score, k -> new ArrayList<>()).add(new double[] {fraction * 100, s.mean(), s.std()});
            }
            line(row.toString());
        }
        line("");
        Charts.linesWithBands(dir.resolve("pruning.png"), "Relative test accuracy after pruning", "share pruned (%)",
                "pruned / full accuracy", series);
        line("![Pruning curves](pruning.png)");
        line("");
    }

    private void pretraining(Path dir) {
        List<PretrainingExperiment.Run> runs = results.pretraining();
        line("## Continued pretraining with auxiliary reweighting (the paper's Section 4.2)");
        line("");
        line(results.pretrainingData() + ". A text model (one Transformer layer) with a masked-token head; each");
        line("base step learns a batch of the pool (masked tokens, each sample weighted) plus a labeled batch; SAMA's meta");
        line("loss is the downstream loss on another labeled batch. Test accuracy of the downstream classifier,");
        line("mean ± std over seeds; weights are each pool sample's weight in the last epoch.");
        line("");
        line("Task settings: " + new TreeMap<>(results.pretrainingTuning()) + ". Loss AUC: the AUC of the masked-token loss");
        line("itself (lower loss counted as in-domain); a weight that is a monotone function of the loss, the only input of");
        line("the reweighting net, reaches this AUC or 1 minus it.");
        line("");
        line("| Method | Test accuracy (%) | Weight AUC, in-domain vs out | Loss AUC | Mean weight in-domain | Mean weight out-of-domain | Base steps |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        DefaultStatisticalCategoryDataset bars = new DefaultStatisticalCategoryDataset();
        for (PretrainingExperiment.Method method : PretrainingExperiment.Method.values()) {
            List<PretrainingExperiment.Run> of = runs.stream().filter(r -> r.method() == method).toList();
            if (of.isEmpty()) {
                continue;
            }
            Stats.Summary accuracy = Stats.Summary.of(of.stream().map(PretrainingExperiment.Run::accuracy).toList());
            boolean weighted = method != PretrainingExperiment.Method.FINETUNE_ONLY;
            line("| " + method.label() + " | " + accuracy.percent() + " | "
                    + (weighted ? Stats.Summary.of(of.stream().map(PretrainingExperiment.Run::weightAuc).toList()).plain() : "–")
                    + " | " + (weighted ? Stats.Summary.of(of.stream().map(PretrainingExperiment.Run::lossAuc).toList()).plain() : "–")
                    + " | " + (weighted ? Stats.Summary.of(of.stream().map(PretrainingExperiment.Run::meanInDomainWeight).toList()).plain() : "–")
                    + " | " + (weighted ? Stats.Summary.of(of.stream().map(PretrainingExperiment.Run::meanOutOfDomainWeight).toList()).plain() : "–")
                    + " | " + of.get(0).baseSteps() + " |");
            bars.add(accuracy.mean() * 100, accuracy.std() * 100, "test accuracy", method.label());
        }
        line("");
        Charts.barsWithErrorBars(dir.resolve("pretraining-accuracy.png"), "Downstream test accuracy, continued pretraining",
                "test accuracy (%)", bars, 50);
        line("![Downstream accuracy per method](pretraining-accuracy.png)");
        runs.stream().filter(r -> r.method() == PretrainingExperiment.Method.SAMA).findFirst().ifPresent(shown -> {
            Map<String, double[]> series = new LinkedHashMap<>();
            series.put("in-domain (e-mails)", shown.inDomainWeights());
            series.put("out-of-domain (fortunes)", shown.outOfDomainWeights());
            double max = Math.max(2, java.util.Arrays.stream(shown.inDomainWeights()).max().orElse(2));
            max = Math.max(max, java.util.Arrays.stream(shown.outOfDomainWeights()).max().orElse(2));
            Charts.histograms(dir.resolve("weights-pretraining.png"), "SAMA weights of pretraining samples, last epoch (seed "
                    + shown.seed() + ")", "importance weight", series, 40, 0, max);
            line("![Weights of in-domain and out-of-domain pretraining samples](weights-pretraining.png)");
        });
        line("");
    }

    private String pretrainingCsv() {
        StringBuilder csv = new StringBuilder(
                "method,seed,accuracy,weight_auc,loss_auc,mean_weight_in_domain,mean_weight_out_of_domain,base_steps,seconds\n");
        for (PretrainingExperiment.Run r : results.pretraining()) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%.5f,%.5f,%.5f,%.5f,%.5f,%d,%.1f%n", r.method().name(), r.seed(), r.accuracy(),
                    r.weightAuc(), r.lossAuc(), r.meanInDomainWeight(), r.meanOutOfDomainWeight(), r.baseSteps(), r.seconds()));
        }
        return csv.toString();
    }

    private void appendixE(Path dir) {
        HypergradientAccuracy.Curves curves = results.hypergradientAccuracy();
        line("## Appendix E: biased regression with a closed-form meta gradient");
        line("");
        line("n = 200, d = 50, n′ = 100, β = 0.15; each method runs 100 meta updates (Adam, lr 0.1) from λ = 0.");
        line("");
        line("| Method | First cosine | Mean cosine | ‖λ₀ − λ*‖ | ‖λ₁₀₀ − λ*‖ |");
        line("|---|---:|---:|---:|---:|");
        Map<String, double[][]> cosine = new LinkedHashMap<>();
        Map<String, double[][]> distance = new LinkedHashMap<>();
        for (HypergradientAccuracy.Curve c : curves.curves()) {
            line(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.3f | %.3f |", c.method(), c.firstCosine(), c.meanCosine(),
                    c.initialDistance(), c.finalDistance()));
            cosine.put(c.method(), points(c.cosine(), 1));
            distance.put(c.method(), points(c.distance(), 0));
        }
        line("");
        Charts.lines(dir.resolve("appendix-e-cosine.png"), "Cosine with the true meta gradient", "meta update",
                "cosine similarity", cosine, false);
        Charts.lines(dir.resolve("appendix-e-distance.png"), "Distance to the optimal λ*", "meta update", "‖λ − λ*‖",
                distance, true);
        line("![Cosine with the true meta gradient](appendix-e-cosine.png)");
        line("![Distance to the optimum](appendix-e-distance.png)");
        line("");
    }

    private static double[][] points(double[] values, int firstX) {
        double[][] out = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = new double[] {i + firstX, values[i]};
        }
        return out;
    }

    private String runsCsv() {
        StringBuilder csv = new StringBuilder("labels,method,seed,accuracy,weight_auc,corrections,correction_precision,"
                + "correction_recall,training_samples,seconds\n");
        for (MethodRun r : results.runs()) {
            NoiseDetection d = r.detection();
            csv.append(String.format(Locale.ROOT, "\"%s\",%s,%d,%.5f,%s,%s,%s,%s,%d,%.1f%n", r.noise(), r.method().name(),
                    r.seed(), r.accuracy(), d == null ? "" : String.format(Locale.ROOT, "%.5f", d.weightAuc()),
                    d == null ? "" : Integer.toString(d.corrections()),
                    d == null ? "" : String.format(Locale.ROOT, "%.5f", d.correctionPrecision()),
                    d == null ? "" : String.format(Locale.ROOT, "%.5f", d.correctionRecall()), r.trainingSamples(), r.seconds()));
        }
        return csv.toString();
    }

    private void row(String key, String value) {
        line("| " + key + " | " + value + " |");
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}

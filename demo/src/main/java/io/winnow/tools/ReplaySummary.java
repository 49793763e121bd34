package io.winnow.tools;

import io.winnow.benchmarks.NoiseDetection;
import io.winnow.benchmarks.Stats;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.DeadLetter;
import io.winnow.schemas.avro.Prediction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a replay did, per task, as text: results and dead letters (with their most common reasons),
 * the weights, how many labels changed, the final model's accuracy on the EVAL samples and, when
 * true labels are given, how well the weights tell wrong given labels from right ones (ROC AUC) and
 * how often a changed label is the true one. Judged on each sample's last result (the highest model
 * version), so several epochs count each sample once.
 */
final class ReplaySummary {

    private final StringBuilder text = new StringBuilder();

    /** @param trueLabels the true label of each sample id, or null when none were given */
    ReplaySummary(FileReplay.Outcome outcome, Map<String, Integer> trueLabels) {
        line("Replay finished in %.1f s (bounded job on a local Flink MiniCluster, in-process Kafka)", outcome.seconds());
        Map<String, List<CuratedSample>> curated = byTask(outcome.curated(), CuratedSample::getTask);
        Map<String, List<Prediction>> predictions = byTask(outcome.predictions(), Prediction::getTask);
        Map<String, List<DeadLetter>> dead = byTask(outcome.deadLetters(), d -> d.getTask() == null ? "(unknown task)" : d.getTask());
        for (String task : outcome.config().tasks().keySet()) {
            task(task, curated.getOrDefault(task, List.of()), predictions.getOrDefault(task, List.of()),
                    dead.getOrDefault(task, List.of()), trueLabels);
        }
        List<DeadLetter> unknown = dead.getOrDefault("(unknown task)", List.of());
        if (!unknown.isEmpty()) {
            line("records of no known task: %d dead letters%s", unknown.size(), reasons(unknown));
        }
        outcome.nothingCurated().ifPresent(error -> line("ERROR: %s", error));
    }

    String text() {
        return text.toString();
    }

    private void task(String task, List<CuratedSample> results, List<Prediction> predictions, List<DeadLetter> dead,
            Map<String, Integer> trueLabels) {
        line("");
        line("task '%s'", task);
        Map<String, CuratedSample> last = new LinkedHashMap<>();
        for (CuratedSample result : results) {
            last.merge(result.getId(), result, (a, b) -> a.getModelVersion() >= b.getModelVersion() ? a : b);
        }
        line("  results             %d (%d samples)", results.size(), last.size());
        line("  dead letters        %d%s", dead.size(), reasons(dead));
        if (!results.isEmpty()) {
            Stats.Summary weights = Stats.Summary.of(results.stream().map(CuratedSample::getWeight).toList());
            double min = results.stream().mapToDouble(CuratedSample::getWeight).min().orElse(Double.NaN);
            double max = results.stream().mapToDouble(CuratedSample::getWeight).max().orElse(Double.NaN);
            line("  weights             mean %.3f, std %.3f, min %.3f, max %.3f", weights.mean(), weights.std(), min, max);
            long changed = last.values().stream().filter(r -> r.getCorrectedLabel() != r.getGivenLabel()).count();
            line("  labels changed      %d of %d samples (last result of each)", changed, last.size());
        }
        List<Prediction> judged = predictions.stream().filter(p -> p.getGivenLabel() != null).toList();
        if (!judged.isEmpty()) {
            long right = judged.stream().filter(p -> p.getPredictedLabel() == p.getGivenLabel()).count();
            line("  EVAL accuracy       %.4f (%d of %d EVAL samples, the final model's predictions)",
                    (double) right / judged.size(), right, judged.size());
        } else {
            line("  EVAL accuracy       n/a (no EVAL samples with labels in files.trusted)");
        }
        if (trueLabels != null && !last.isEmpty()) {
            againstTrueLabels(last.values(), trueLabels);
        }
    }

    private void againstTrueLabels(Iterable<CuratedSample> last, Map<String, Integer> trueLabels) {
        NoiseDetection.Tally tally = new NoiseDetection.Tally();
        int unknown = 0;
        for (CuratedSample result : last) {
            Integer truth = trueLabels.get(result.getId());
            if (truth == null) {
                unknown++;
                continue;
            }
            tally.add(result.getWeight(), result.getGivenLabel() != truth, result.getGivenLabel(), result.getCorrectedLabel(),
                    truth);
        }
        List<Double> right = tally.clean();
        List<Double> wrong = tally.mislabeled();
        int known = right.size() + wrong.size();
        line("  given labels wrong  %d of %d samples with a true label (%.1f%%)%s", wrong.size(), known,
                known == 0 ? 0 : 100.0 * wrong.size() / known, unknown == 0 ? "" : "; " + unknown + " without one");
        if (!right.isEmpty() && !wrong.isEmpty()) {
            line("  weight ROC AUC      %.3f (right vs wrong given labels; 0.5 is chance); mean weight right %.3f, wrong %.3f",
                    Stats.auc(right, wrong), Stats.Summary.of(right).mean(), Stats.Summary.of(wrong).mean());
        }
        line("  corrections         %d changed, %s to the true label; %s of the wrong labels restored", tally.changed(),
                percent(tally.precision()), percent(tally.recall()));
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static String reasons(List<DeadLetter> dead) {
        if (dead.isEmpty()) {
            return "";
        }
        Map<String, Long> counts = dead.stream().collect(Collectors.groupingBy(d -> d.getReason().toString(), TreeMap::new,
                Collectors.counting()));
        return " (" + counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(3).map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
                + "; e.g. " + dead.get(0).getDetail() + ")";
    }

    private static <T> Map<String, List<T>> byTask(List<T> records, Function<T, String> task) {
        Map<String, List<T>> map = new LinkedHashMap<>();
        records.forEach(r -> map.computeIfAbsent(task.apply(r), t -> new ArrayList<>()).add(r));
        return map;
    }

    private void line(String format, Object... args) {
        text.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}

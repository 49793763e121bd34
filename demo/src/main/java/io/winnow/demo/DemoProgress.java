package io.winnow.demo;

import io.winnow.benchmarks.Stats;
import io.winnow.schemas.avro.CuratedSample;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the demo shows while results arrive, and its summary. */
final class DemoProgress {

    private final DemoStream data;
    private final List<Double> cleanWeights = new ArrayList<>();
    private final List<Double> noisyWeights = new ArrayList<>();
    private long results;
    private long labelsChanged;
    private long labelsFixed;
    /** Per result in arrival order: 0 label kept, 1 changed to a wrong class, 2 changed to the true class. */
    private final List<Byte> corrections = new ArrayList<>();
    private long firstResultNanos;
    private long lastResultNanos;

    DemoProgress(DemoStream data) {
        this.data = data;
    }

    void add(CuratedSample result) {
        long now = System.nanoTime();
        if (results == 0) {
            firstResultNanos = now;
        }
        lastResultNanos = now;
        results++;
        boolean flipped = data.mislabeled(result.getId(), result.getGivenLabel());
        (flipped ? noisyWeights : cleanWeights).add(result.getWeight());
        byte correction = 0;
        if (result.getCorrectedLabel() != result.getGivenLabel()) {
            labelsChanged++;
            correction = 1;
            if (result.getCorrectedLabel() == data.trueLabel(result.getId())) {
                labelsFixed++;
                correction = 2;
            }
        }
        corrections.add(correction);
    }

    long results() {
        return results;
    }

    void printLine(PrintStream out, long expected) {
        if (results == 0) {
            out.printf(Locale.ROOT, "[  0%%]      0 curated results committed yet (results appear at each checkpoint)%n");
            return;
        }
        out.printf(Locale.ROOT, "[%3d%%] %6d curated results committed   mean weight clean %.2f / noisy %.2f   labels changed %d%n",
                expected == 0 ? 100 : 100 * results / expected, results, mean(recent(cleanWeights)),
                mean(recent(noisyWeights)), labelsChanged);
    }

    void printSummary(PrintStream out, long deadLetters, long metricRecords) {
        out.printf(Locale.ROOT, "%nSummary%n");
        out.printf(Locale.ROOT, "  samples curated              %d (exactly once, read with isolation.level=read_committed)%n", results);
        out.printf(Locale.ROOT, "  mean weight, clean samples   %.3f (last quarter of the stream: %.3f)%n",
                mean(cleanWeights), mean(lastQuarter(cleanWeights)));
        out.printf(Locale.ROOT, "  mean weight, noisy samples   %.3f (last quarter of the stream: %.3f)%n",
                mean(noisyWeights), mean(lastQuarter(noisyWeights)));
        out.printf(Locale.ROOT, "  weight ROC AUC, last quarter %.3f%n",
                Stats.auc(lastQuarter(cleanWeights), lastQuarter(noisyWeights)));
        out.printf(Locale.ROOT, "  labels corrected             %d, of which to the true class %d (%s)%n", labelsChanged, labelsFixed,
                share(labelsFixed, labelsChanged));
        List<Byte> late = corrections.subList(corrections.size() - corrections.size() / 4, corrections.size());
        long lateChanged = late.stream().filter(c -> c > 0).count();
        long lateFixed = late.stream().filter(c -> c == 2).count();
        out.printf(Locale.ROOT, "    last quarter of the stream %d, of which to the true class %d (%s)%n", lateChanged, lateFixed,
                share(lateFixed, lateChanged));
        double seconds = Math.max(1e-9, (lastResultNanos - firstResultNanos) / 1e9);
        out.printf(Locale.ROOT, "  throughput                   %.0f samples/s (first to last committed result)%n", results / seconds);
        out.printf(Locale.ROOT, "  task metrics records         %d, dead letters %d%n", metricRecords, deadLetters);
    }

    private static String share(long part, long whole) {
        return whole == 0 ? "none changed" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    private static List<Double> recent(List<Double> values) {
        return values.subList(Math.max(0, values.size() - 500), values.size());
    }

    private static List<Double> lastQuarter(List<Double> values) {
        return values.subList(values.size() - values.size() / 4, values.size());
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}

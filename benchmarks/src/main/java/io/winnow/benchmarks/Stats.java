package io.winnow.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The statistics the reports need: mean ± standard deviation, and ROC AUC. */
public final class Stats {

    private Stats() {}

    /** Mean and sample standard deviation of a few runs (seeds). */
    public record Summary(double mean, double std, int runs) {

        public static Summary of(List<Double> values) {
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            double std = values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : 0;
            return new Summary(mean, std, values.size());
        }

        /** As a percentage, e.g. {@code 91.23 ± 0.45}. */
        public String percent() {
            return Double.isNaN(mean) ? "–" : String.format(Locale.ROOT, "%.2f ± %.2f", 100 * mean, 100 * std);
        }

        public String plain() {
            return Double.isNaN(mean) ? "–" : String.format(Locale.ROOT, "%.3f ± %.3f", mean, std);
        }
    }

    /**
     * ROC AUC of a score for telling {@code positives} from {@code negatives}: the probability that a
     * random positive scores above a random negative (ties count half), by ranks (Mann–Whitney U).
     */
    public static double auc(double[] positives, double[] negatives) {
        if (positives.length == 0 || negatives.length == 0) {
            return Double.NaN;
        }
        int n = positives.length + negatives.length;
        double[][] all = new double[n][];
        for (int i = 0; i < positives.length; i++) {
            all[i] = new double[] {positives[i], 1};
        }
        for (int i = 0; i < negatives.length; i++) {
            all[positives.length + i] = new double[] {negatives[i], 0};
        }
        Arrays.sort(all, (a, b) -> Double.compare(a[0], b[0]));
        double positiveRankSum = 0;
        for (int i = 0; i < n;) {
            int j = i;
            while (j < n && all[j][0] == all[i][0]) {
                j++;
            }
            double rank = (i + 1 + j) / 2.0; // mean of ranks i+1 .. j
            for (int k = i; k < j; k++) {
                positiveRankSum += all[k][1] * rank;
            }
            i = j;
        }
        double u = positiveRankSum - positives.length * (positives.length + 1) / 2.0;
        return u / ((double) positives.length * negatives.length);
    }
}

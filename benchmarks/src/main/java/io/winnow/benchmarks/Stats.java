package io.winnow.benchmarks;

import java.util.List;
import java.util.Locale;

import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/** The statistics the reports need: mean ± standard deviation, and ROC AUC (commons-math3 underneath). */
public final class Stats {

    private Stats() {}

    /** Mean and sample standard deviation of a few runs (seeds). */
    public record Summary(double mean, double std, int runs) {

        public static Summary of(List<Double> values) {
            SummaryStatistics statistics = new SummaryStatistics();
            values.forEach(statistics::addValue);
            // One run has no spread to report (commons-math says NaN); the table shows ± 0.00.
            double std = values.size() > 1 ? statistics.getStandardDeviation() : 0;
            return new Summary(statistics.getMean(), std, values.size());
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
     * random positive scores above a random negative (ties count half), from the positives' rank sum
     * (Mann–Whitney U; ranks with ties averaged).
     */
    public static double auc(double[] positives, double[] negatives) {
        if (positives.length == 0 || negatives.length == 0) {
            return Double.NaN;
        }
        double[] all = new double[positives.length + negatives.length];
        System.arraycopy(positives, 0, all, 0, positives.length);
        System.arraycopy(negatives, 0, all, positives.length, negatives.length);
        double[] ranks = new NaturalRanking(NaNStrategy.MAXIMAL, TiesStrategy.AVERAGE).rank(all);
        double positiveRankSum = 0;
        for (int i = 0; i < positives.length; i++) {
            positiveRankSum += ranks[i];
        }
        double u = positiveRankSum - positives.length * (positives.length + 1) / 2.0;
        return u / ((double) positives.length * negatives.length);
    }

    /** {@link #auc(double[], double[])} of two lists. */
    public static double auc(List<Double> positives, List<Double> negatives) {
        return auc(positives.stream().mapToDouble(Double::doubleValue).toArray(),
                negatives.stream().mapToDouble(Double::doubleValue).toArray());
    }
}

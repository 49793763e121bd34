package io.winnow.benchmarks;

import java.util.List;
import java.util.Map;

/**
 * What one replay produced, read back from its Kafka topics.
 *
 * @param accuracy share of EVAL samples whose predicted label is their (true) label
 * @param passes per training sample, its curated results in training order (one per epoch)
 * @param metaLosses the meta (trusted) loss of every meta step, in order; empty without meta learning
 * @param predictions the final model's class probabilities of every EVAL sample, by id
 * @param seconds wall time of the Flink job
 */
public record RunResult(String name, double accuracy, Map<String, List<Pass>> passes, List<Double> metaLosses,
        Map<String, float[]> predictions, double seconds) {

    /** The curation result of one sample in one epoch. */
    public record Pass(float weight, int correctedLabel, int givenLabel, float loss, long modelVersion) {}

    public int epochs() {
        return passes.values().stream().mapToInt(List::size).max().orElse(0);
    }

    /** The sample's result in {@code epoch} (0-based). */
    public Pass pass(String id, int epoch) {
        return passes.get(id).get(epoch);
    }

    public Pass lastPass(String id) {
        List<Pass> all = passes.get(id);
        return all.get(all.size() - 1);
    }

    /** A sample's weight averaged over the last {@code epochs} epochs: the pruning score. */
    public double meanWeightOverLast(String id, int epochs) {
        List<Pass> all = passes.get(id);
        return all.subList(Math.max(0, all.size() - epochs), all.size()).stream().mapToDouble(Pass::weight).average().orElseThrow();
    }

    /** A sample's training loss averaged over the first {@code epochs} epochs (an EL2N-like score). */
    public double meanLossOverFirst(String id, int epochs) {
        List<Pass> all = passes.get(id);
        return all.subList(0, Math.min(epochs, all.size())).stream().mapToDouble(Pass::loss).average().orElseThrow();
    }

    /**
     * How often a sample was forgotten (Toneva et al., ICLR 2019): epochs in which it was classified
     * wrongly after being classified rightly the epoch before, judged at the moment it was trained on.
     * Right means the given label's probability exp(−loss) is above one half (for two classes the
     * argmax; for more a margin the argmax may lack). A sample never classified rightly counts as
     * forgotten in every epoch, as in the paper: it is among the hardest.
     */
    public int forgettingEvents(String id) {
        List<Pass> all = passes.get(id);
        boolean everRight = false;
        int events = 0;
        for (int e = 0; e < all.size(); e++) {
            boolean right = Math.exp(-all.get(e).loss()) > 0.5;
            everRight |= right;
            if (e > 0 && !right && Math.exp(-all.get(e - 1).loss()) > 0.5) {
                events++;
            }
        }
        return everRight ? events : all.size();
    }

    /** Mean training loss of each epoch, on the given labels: the learning curve. */
    public double[] meanLossPerEpoch() {
        int epochs = epochs();
        double[] sums = new double[epochs];
        int[] counts = new int[epochs];
        for (List<Pass> all : passes.values()) {
            for (int e = 0; e < all.size(); e++) {
                sums[e] += all.get(e).loss();
                counts[e]++;
            }
        }
        for (int e = 0; e < epochs; e++) {
            sums[e] = counts[e] == 0 ? Double.NaN : sums[e] / counts[e];
        }
        return sums;
    }
}

package io.winnow.sama.label;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A Dawid–Skene label model of the labeling functions, learned online from the stream: a class
 * prior π and, per function j, a confusion table P(vote_j = a | y = k) over the K classes and
 * abstain. A sample's posterior is π_k · Π_j P(vote_j | k), normalised. The functions are assumed
 * independent given the class, as in Dawid–Skene and Snorkel's label model.
 *
 * <p>Learning is EM over a sliding window: the votes of the last {@code window} weakly labeled
 * samples and of the last {@code window} trusted samples are kept, and each observed batch runs one
 * EM iteration over them, warm-started from the current tables (E-step on the weak window; trusted
 * samples count under their true label, each as {@code trustedWeight} weak ones; M-step with a
 * Dirichlet prior). The tables thus follow a drifting stream with bounded state, and converge like
 * batch EM on a stationary one: stepwise EM, which adds each batch's posteriors to running counts
 * once, keeps the early prior-driven posteriors in its counts and converges far more slowly (on four
 * simulated functions of accuracy 0.9/0.8/0.7/0.6, 0.86 for the best after 19,200 samples). The
 * trusted samples anchor the tables where the functions' errors are correlated and unsupervised EM
 * alone would settle on a wrong solution; the prior (each function right with
 * {@code priorAccuracy}, abstaining half the time) keeps them defined before any data.
 *
 * <p>Written here because no Java library has one (Snorkel's label model is Python), and because
 * its state must live in the trainer's checkpoint and resume bit-exactly. Plain double arithmetic
 * in a fixed order: deterministic on every platform.
 */
public final class LabelModel {

    private static final int STATE_VERSION = 1;

    private final int classes;
    private final int functions;
    private final double priorAccuracy;
    private final double priorStrength;
    private final double trustedWeight;
    private final VoteWindow weak;
    private final VoteWindow trusted;
    /** log π_k. */
    private final double[] logPrior;
    /** log P(vote_j = outcome | y = k), [function][class][outcome]; outcome 0 = abstain, 1 + c = a vote for c. */
    private final double[][][] logTables;
    private long observed;
    private long observedTrusted;

    /**
     * @param priorAccuracy the prior's accuracy of every function when it votes, in (1/K, 1)
     * @param priorStrength pseudo-samples the prior is worth
     * @param window weakly labeled (and, separately, trusted) samples whose votes are kept
     * @param trustedWeight how many weakly labeled samples one trusted sample counts as
     */
    public LabelModel(int classes, int functions, double priorAccuracy, double priorStrength, int window,
            double trustedWeight) {
        if (classes < 2 || functions < 1) {
            throw new IllegalArgumentException("a label model needs at least 2 classes and 1 labeling function");
        }
        if (!(priorAccuracy > 1.0 / classes && priorAccuracy < 1)) {
            throw new IllegalArgumentException("priorAccuracy must be in (1/classes, 1): " + priorAccuracy);
        }
        if (!(priorStrength > 0) || window < 1 || !(trustedWeight >= 0)) {
            throw new IllegalArgumentException("need priorStrength > 0, window >= 1, trustedWeight >= 0");
        }
        this.classes = classes;
        this.functions = functions;
        this.priorAccuracy = priorAccuracy;
        this.priorStrength = priorStrength;
        this.trustedWeight = trustedWeight;
        this.weak = new VoteWindow(window, functions);
        this.trusted = new VoteWindow(window, functions);
        this.logPrior = new double[classes];
        this.logTables = new double[functions][classes][classes + 1];
        maximise(new double[classes], new double[functions][classes][classes + 1]);
    }

    public int classes() {
        return classes;
    }

    public int functions() {
        return functions;
    }

    /** P(y | votes) under the current tables; the class prior when every function abstains. */
    public double[] posterior(int[] votes) {
        checkVotes(votes);
        double[] q = new double[classes];
        posteriorInto(votes, q);
        return q;
    }

    /** P(vote_j = outcome | y = k) under the current tables; outcome 0 is abstain, 1 + c a vote for c. */
    public double outcomeProbability(int function, int k, int outcome) {
        return Math.exp(logTables[function][k][outcome]);
    }

    /** How often function j is right when it votes, under the current tables and class prior. */
    public double accuracy(int function) {
        double right = 0;
        double voted = 0;
        for (int k = 0; k < classes; k++) {
            double pk = Math.exp(logPrior[k]);
            for (int c = 0; c < classes; c++) {
                double p = pk * outcomeProbability(function, k, c + 1);
                voted += p;
                right += c == k ? p : 0;
            }
        }
        return voted == 0 ? Double.NaN : right / voted;
    }

    /** Adds weakly labeled samples' votes to the window, then runs one EM iteration. */
    public void observe(int[][] batchVotes) {
        for (int[] votes : batchVotes) {
            checkVotes(votes);
        }
        for (int[] votes : batchVotes) {
            weak.add(votes, -1);
        }
        observed += batchVotes.length;
        iterate();
    }

    /** Adds trusted samples' votes and true labels, then runs one EM iteration. */
    public void observeTrusted(int[][] batchVotes, int[] labels) {
        if (labels.length != batchVotes.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + batchVotes.length + " vote rows");
        }
        for (int i = 0; i < batchVotes.length; i++) {
            checkVotes(batchVotes[i]);
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " outside [0, " + classes + ")");
            }
        }
        for (int i = 0; i < batchVotes.length; i++) {
            trusted.add(batchVotes[i], labels[i]);
        }
        observedTrusted += batchVotes.length;
        iterate();
    }

    public long observed() {
        return observed;
    }

    public long observedTrusted() {
        return observedTrusted;
    }

    public void write(DataOutput out) throws IOException {
        out.writeInt(STATE_VERSION);
        out.writeInt(classes);
        out.writeInt(functions);
        out.writeLong(observed);
        out.writeLong(observedTrusted);
        weak.write(out);
        trusted.write(out);
        for (double v : logPrior) {
            out.writeDouble(v);
        }
        for (double[][] function : logTables) {
            for (double[] row : function) {
                for (double v : row) {
                    out.writeDouble(v);
                }
            }
        }
    }

    public void read(DataInput in) throws IOException {
        int version = in.readInt();
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException("label model state version " + version + " is not supported");
        }
        int k = in.readInt();
        int l = in.readInt();
        if (k != classes || l != functions) {
            throw new IllegalArgumentException("label model state has " + k + " classes and " + l
                    + " functions, the task has " + classes + " and " + functions);
        }
        observed = in.readLong();
        observedTrusted = in.readLong();
        weak.read(in);
        trusted.read(in);
        for (int c = 0; c < classes; c++) {
            logPrior[c] = in.readDouble();
        }
        for (double[][] function : logTables) {
            for (double[] row : function) {
                for (int a = 0; a < row.length; a++) {
                    row[a] = in.readDouble();
                }
            }
        }
    }

    /** One EM iteration over both windows. */
    private void iterate() {
        double[] classCounts = new double[classes];
        double[][][] voteCounts = new double[functions][classes][classes + 1];
        double[] q = new double[classes];
        for (int i = 0; i < weak.size(); i++) {
            int[] votes = weak.votes(i);
            posteriorInto(votes, q);
            count(votes, q, 1.0, classCounts, voteCounts);
        }
        for (int i = 0; i < trusted.size(); i++) {
            java.util.Arrays.fill(q, 0);
            q[trusted.label(i)] = 1;
            count(trusted.votes(i), q, trustedWeight, classCounts, voteCounts);
        }
        maximise(classCounts, voteCounts);
    }

    private void count(int[] votes, double[] q, double scale, double[] classCounts, double[][][] voteCounts) {
        for (int k = 0; k < classes; k++) {
            double w = q[k] * scale;
            classCounts[k] += w;
            for (int j = 0; j < functions; j++) {
                voteCounts[j][k][votes[j] + 1] += w;
            }
        }
    }

    /** M-step: the tables from the counts and the Dirichlet prior. */
    private void maximise(double[] classCounts, double[][][] voteCounts) {
        double total = 0;
        for (double c : classCounts) {
            total += c;
        }
        for (int k = 0; k < classes; k++) {
            logPrior[k] = Math.log((classCounts[k] + priorStrength / classes) / (total + priorStrength));
            for (int j = 0; j < functions; j++) {
                double[] counts = voteCounts[j][k];
                double rowTotal = 0;
                for (double c : counts) {
                    rowTotal += c;
                }
                for (int a = 0; a <= classes; a++) {
                    logTables[j][k][a] = Math.log((counts[a] + prior(k, a)) / (rowTotal + priorStrength));
                }
            }
        }
    }

    private void posteriorInto(int[] votes, double[] q) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            double log = logPrior[k];
            for (int j = 0; j < functions; j++) {
                log += logTables[j][k][votes[j] + 1];
            }
            q[k] = log;
            max = Math.max(max, log);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            q[k] = Math.exp(q[k] - max);
            sum += q[k];
        }
        for (int k = 0; k < classes; k++) {
            q[k] /= sum;
        }
    }

    /** Pseudo-counts of the prior: abstain half the time; when voting, right with priorAccuracy. */
    private double prior(int k, int outcome) {
        if (outcome == 0) {
            return priorStrength * 0.5;
        }
        double share = outcome - 1 == k ? priorAccuracy : (1 - priorAccuracy) / (classes - 1);
        return priorStrength * 0.5 * share;
    }

    private void checkVotes(int[] votes) {
        if (votes.length != functions) {
            throw new IllegalArgumentException(votes.length + " votes, the label model has " + functions + " functions");
        }
        for (int vote : votes) {
            if (vote < -1 || vote >= classes) {
                throw new IllegalArgumentException("vote " + vote + " is neither -1 (abstain) nor a class in [0, "
                        + classes + ")");
            }
        }
    }

    /** A ring buffer of the most recent vote rows (and labels, for trusted samples). */
    private static final class VoteWindow {
        private final int[][] votes;
        private final int[] labels;
        private int size;
        private int next;

        VoteWindow(int capacity, int functions) {
            votes = new int[capacity][functions];
            labels = new int[capacity];
        }

        void add(int[] row, int label) {
            System.arraycopy(row, 0, votes[next], 0, row.length);
            labels[next] = label;
            next = (next + 1) % votes.length;
            size = Math.min(size + 1, votes.length);
        }

        int size() {
            return size;
        }

        int[] votes(int i) {
            return votes[i];
        }

        int label(int i) {
            return labels[i];
        }

        void write(DataOutput out) throws IOException {
            out.writeInt(votes.length);
            out.writeInt(size);
            out.writeInt(next);
            for (int i = 0; i < size; i++) {
                for (int v : votes[i]) {
                    out.writeInt(v);
                }
                out.writeInt(labels[i]);
            }
        }

        void read(DataInput in) throws IOException {
            int capacity = in.readInt();
            if (capacity != votes.length) {
                throw new IllegalArgumentException("label model window of " + capacity + " in the state, "
                        + votes.length + " configured");
            }
            size = in.readInt();
            next = in.readInt();
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < votes[i].length; j++) {
                    votes[i][j] = in.readInt();
                }
                labels[i] = in.readInt();
            }
        }
    }
}

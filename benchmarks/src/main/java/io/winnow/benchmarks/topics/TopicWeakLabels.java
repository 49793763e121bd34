package io.winnow.benchmarks.topics;

import io.winnow.benchmarks.spam.WeakLabels;
import io.winnow.sama.Example;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies topic labeling functions to texts: every text's votes, its multi-class majority-vote weak
 * label, and how well each function and the majority vote do against the true labels. The spam
 * {@link WeakLabels} is binary and reads e-mails; its {@link WeakLabels.Quality} row is reused.
 */
public final class TopicWeakLabels {

    private final List<TopicLabelingFunction> functions;
    private final int classes;

    public TopicWeakLabels(List<TopicLabelingFunction> functions, int classes) {
        for (TopicLabelingFunction f : functions) {
            if (f.label() < 0 || f.label() >= classes) {
                throw new IllegalArgumentException("labeling function " + f.name() + " votes class " + f.label()
                        + ", outside [0, " + classes + ")");
            }
        }
        this.functions = List.copyOf(functions);
        this.classes = classes;
    }

    /** The standard functions over the six fortune topics. */
    public static TopicWeakLabels fortuneTopics() {
        return new TopicWeakLabels(TopicLabelingFunctions.ALL, FortuneTopics.CLASSES);
    }

    public int count() {
        return functions.size();
    }

    public int classes() {
        return classes;
    }

    public List<TopicLabelingFunction> functions() {
        return functions;
    }

    /** One vote per function: a class or {@link Example#ABSTAIN}. */
    public int[] votes(String text) {
        int[] votes = new int[functions.size()];
        for (int i = 0; i < votes.length; i++) {
            votes[i] = functions.get(i).apply(text);
        }
        return votes;
    }

    /**
     * The class with most votes, ties going to the lowest class index among the tied, or
     * {@link Example#NO_LABEL} when every function abstains.
     */
    public int majority(int[] votes) {
        int[] counts = new int[classes];
        for (int vote : votes) {
            if (vote != Example.ABSTAIN) {
                counts[vote]++;
            }
        }
        int best = Example.NO_LABEL;
        for (int c = 0; c < classes; c++) {
            if (counts[c] > 0 && (best == Example.NO_LABEL || counts[c] > counts[best])) {
                best = c;
            }
        }
        return best;
    }

    /** Coverage and accuracy of every function, then of the majority vote (last row). */
    public List<WeakLabels.Quality> quality(List<FortuneTopics.TopicText> texts) {
        int[][] all = new int[texts.size()][];
        for (int t = 0; t < texts.size(); t++) {
            all[t] = votes(texts.get(t).text());
        }
        List<WeakLabels.Quality> out = new ArrayList<>();
        for (int f = 0; f < functions.size(); f++) {
            int[] given = new int[texts.size()];
            for (int t = 0; t < texts.size(); t++) {
                given[t] = all[t][f];
            }
            out.add(quality(functions.get(f).name(), given, texts));
        }
        int[] majority = new int[texts.size()];
        for (int t = 0; t < texts.size(); t++) {
            majority[t] = majority(all[t]);
        }
        out.add(quality("majority vote", majority, texts));
        return out;
    }

    private static WeakLabels.Quality quality(String name, int[] given, List<FortuneTopics.TopicText> texts) {
        int covered = 0;
        int right = 0;
        for (int t = 0; t < given.length; t++) {
            if (given[t] != Example.ABSTAIN) {
                covered++;
                right += given[t] == texts.get(t).label() ? 1 : 0;
            }
        }
        return new WeakLabels.Quality(name, texts.isEmpty() ? 0 : (double) covered / texts.size(),
                covered == 0 ? Double.NaN : (double) right / covered);
    }
}

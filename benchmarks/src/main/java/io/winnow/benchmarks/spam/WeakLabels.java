package io.winnow.benchmarks.spam;

import io.winnow.sama.Example;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies the labeling functions to e-mails: every e-mail's votes, its majority-vote weak label
 * (ties go to ham, the majority class; no vote at all leaves it unlabeled), and how well each
 * function and the majority vote do against the true labels.
 */
public final class WeakLabels {

    private final List<LabelingFunction> functions;

    public WeakLabels(List<LabelingFunction> functions) {
        this.functions = List.copyOf(functions);
    }

    public int count() {
        return functions.size();
    }

    public List<LabelingFunction> functions() {
        return functions;
    }

    public int[] votes(Email email) {
        int[] votes = new int[functions.size()];
        for (int i = 0; i < votes.length; i++) {
            votes[i] = functions.get(i).apply(email);
        }
        return votes;
    }

    /** The majority vote, or {@link Example#NO_LABEL} when every function abstains. */
    public static int majority(int[] votes) {
        int spam = 0;
        int ham = 0;
        for (int vote : votes) {
            if (vote == Email.SPAM) {
                spam++;
            } else if (vote == Email.HAM) {
                ham++;
            }
        }
        if (spam + ham == 0) {
            return Example.NO_LABEL;
        }
        return spam > ham ? Email.SPAM : Email.HAM;
    }

    /** Coverage and accuracy of one labeling function (or of the majority vote). */
    public record Quality(String name, double coverage, double accuracy) {}

    public List<Quality> quality(List<Email> emails) {
        List<Quality> out = new ArrayList<>();
        int[][] all = new int[emails.size()][];
        for (int e = 0; e < emails.size(); e++) {
            all[e] = votes(emails.get(e));
        }
        for (int f = 0; f < functions.size(); f++) {
            int covered = 0;
            int right = 0;
            for (int e = 0; e < emails.size(); e++) {
                if (all[e][f] != Example.ABSTAIN) {
                    covered++;
                    right += all[e][f] == emails.get(e).label() ? 1 : 0;
                }
            }
            out.add(new Quality(functions.get(f).name(), (double) covered / emails.size(),
                    covered == 0 ? Double.NaN : (double) right / covered));
        }
        int covered = 0;
        int right = 0;
        for (int e = 0; e < emails.size(); e++) {
            int label = majority(all[e]);
            if (label != Example.NO_LABEL) {
                covered++;
                right += label == emails.get(e).label() ? 1 : 0;
            }
        }
        out.add(new Quality("majority vote", (double) covered / emails.size(), covered == 0 ? Double.NaN : (double) right / covered));
        return out;
    }
}

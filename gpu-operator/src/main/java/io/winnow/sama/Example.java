package io.winnow.sama;

import io.winnow.sama.model.InputRow;

import java.util.Arrays;
import java.util.Objects;

/**
 * One sample as the engine sees it: an id, a payload (dense features or token ids), the given
 * (possibly wrong) label, and optionally the votes of labeling functions. Arrays are not copied;
 * callers must not change them after handing the example over.
 *
 * @param id unique id, echoed in the example's outcome
 * @param features dense feature vector, or null for token input
 * @param tokens token ids (0 is padding), or null for dense input
 * @param label the given label in [0, classes), or {@link #NO_LABEL}
 * @param votes one vote per labeling function: a class or {@link #ABSTAIN}; empty when there are none
 */
public record Example(String id, float[] features, int[] tokens, int label, int[] votes) implements InputRow {

    public static final int NO_LABEL = -1;
    public static final int ABSTAIN = -1;
    private static final int[] NO_VOTES = new int[0];

    public Example {
        Objects.requireNonNull(id, "id");
        if ((features == null) == (tokens == null)) {
            throw new IllegalArgumentException("example " + id + " needs exactly one of features or tokens");
        }
        if (label < NO_LABEL) {
            throw new IllegalArgumentException("example " + id + " has a negative label " + label);
        }
        votes = votes == null ? NO_VOTES : votes;
    }

    public static Example dense(String id, float[] features, int label) {
        return new Example(id, features, null, label, null);
    }

    public static Example tokens(String id, int[] tokens, int label) {
        return new Example(id, null, tokens, label, null);
    }

    public Example withVotes(int[] labelingFunctionVotes) {
        return new Example(id, features, tokens, label, labelingFunctionVotes);
    }

    public Example withLabel(int newLabel) {
        return new Example(id, features, tokens, newLabel, votes);
    }

    public boolean hasLabel() {
        return label != NO_LABEL;
    }

    @Override
    public boolean isDense() {
        return features != null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Example that
                && id.equals(that.id)
                && label == that.label
                && Arrays.equals(features, that.features)
                && Arrays.equals(tokens, that.tokens)
                && Arrays.equals(votes, that.votes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, label, Arrays.hashCode(features), Arrays.hashCode(tokens), Arrays.hashCode(votes));
    }

    @Override
    public String toString() {
        return "Example[" + id + ", label=" + label
                + (features != null ? ", features=" + features.length : ", tokens=" + tokens.length)
                + (votes.length > 0 ? ", votes=" + Arrays.toString(votes) : "") + "]";
    }
}

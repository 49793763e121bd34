package io.winnow.sama;

import java.util.Optional;

/**
 * The rules a sample's label and labeling-function votes follow, each with the message that names
 * its breach. One rule book for both places that check them: the job's validation, which turns a
 * breach into a dead letter, and the trainer, which refuses an example handed to it directly.
 */
public final class ExampleRules {

    private ExampleRules() {}

    /** A label is a class of the task. */
    public static Optional<String> label(int label, int numClasses) {
        return label >= 0 && label < numClasses ? Optional.empty()
                : Optional.of("label " + label + " is outside [0, " + numClasses + ")");
    }

    /** A sample carries no votes, or one per labeling function of its task. */
    public static Optional<String> voteCount(int votes, int labelingFunctions) {
        return votes == 0 || votes == labelingFunctions ? Optional.empty()
                : Optional.of(votes + " votes, but the task has " + labelingFunctions + " labeling functions");
    }

    /** A vote is {@link Example#ABSTAIN} or a class of the task. */
    public static Optional<String> vote(int function, int vote, int numClasses) {
        return vote >= Example.ABSTAIN && vote < numClasses ? Optional.empty()
                : Optional.of("vote " + vote + " of labeling function " + function
                        + " is neither -1 (abstain) nor a class in [0, " + numClasses + ")");
    }
}

package io.winnow.benchmarks.spam;

import io.winnow.sama.Example;

import java.util.function.ToIntFunction;

/**
 * A heuristic that votes ham, spam, or abstains ({@link Example#ABSTAIN}) on an e-mail: the weak
 * supervision of the benchmark, as in WRENCH.
 */
public record LabelingFunction(String name, String description, ToIntFunction<Email> vote) {

    public int apply(Email email) {
        return vote.applyAsInt(email);
    }
}

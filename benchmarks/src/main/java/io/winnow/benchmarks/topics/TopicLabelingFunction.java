package io.winnow.benchmarks.topics;

import io.winnow.sama.Example;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A heuristic that votes one topic or abstains ({@link Example#ABSTAIN}) on a plain text. The spam
 * {@code LabelingFunction} reads an {@code Email}; topics are plain texts and have six classes.
 */
public record TopicLabelingFunction(String name, String description, Predicate<String> matches, int label) {

    /**
     * Votes {@code label} when any of the {@code |}-separated alternatives of {@code words} occurs as
     * whole words (word boundaries on both sides, case-insensitive).
     */
    public static TopicLabelingFunction words(String name, int label, String words) {
        Pattern pattern = Pattern.compile("\\b(?:" + words + ")\\b", Pattern.CASE_INSENSITIVE);
        return new TopicLabelingFunction(name, words.replace("|", ", "), t -> pattern.matcher(t).find(), label);
    }

    public int apply(String text) {
        return matches.test(text) ? label : Example.ABSTAIN;
    }
}

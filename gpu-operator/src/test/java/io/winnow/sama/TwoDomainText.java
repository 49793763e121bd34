package io.winnow.sama;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic text in two domains for continued-pretraining tests. In-domain text counts upwards
 * through ids [2, 32) from a random start (so a masked token follows from its neighbours), with a
 * class-dependent stride (1 or 2); out-of-domain text is uniform noise over ids [32, 64).
 */
final class TwoDomainText {

    static final int VOCABULARY = 64;
    static final int LENGTH = 12;

    private final Random random;

    TwoDomainText(long seed) {
        this.random = new Random(seed);
    }

    /** Labeled downstream samples (class = stride − 1). */
    List<Example> downstream(String prefix, int count) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(2);
            examples.add(Example.tokens(prefix + i, inDomain(label + 1), label));
        }
        return examples;
    }

    /** Unlabeled in-domain text. */
    Example inDomain(String id) {
        return new Example(id, null, inDomain(1 + random.nextInt(2)), Example.NO_LABEL, null);
    }

    /** Unlabeled out-of-domain text. */
    Example outOfDomain(String id) {
        int[] tokens = new int[LENGTH];
        for (int t = 0; t < LENGTH; t++) {
            tokens[t] = 32 + random.nextInt(32);
        }
        return new Example(id, null, tokens, Example.NO_LABEL, null);
    }

    private int[] inDomain(int stride) {
        int[] tokens = new int[LENGTH];
        int value = random.nextInt(30);
        for (int t = 0; t < LENGTH; t++) {
            tokens[t] = 2 + value;
            value = (value + stride) % 30;
        }
        return tokens;
    }
}

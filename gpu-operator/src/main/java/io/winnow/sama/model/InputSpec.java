package io.winnow.sama.model;

/**
 * What a base learner reads: dense vectors of a fixed dimension, or token sequences up to a maximum
 * length with ids below a vocabulary size.
 */
public record InputSpec(InputKind kind, int size, int vocabularySize) implements java.io.Serializable {

    public InputSpec {
        if (size < 1) {
            throw new IllegalArgumentException("input size must be positive: " + size);
        }
        if (kind == InputKind.TOKENS && vocabularySize < 2) {
            throw new IllegalArgumentException("token input needs a vocabulary of at least 2 ids");
        }
    }

    public static InputSpec dense(int dimension) {
        return new InputSpec(InputKind.DENSE, dimension, 0);
    }

    public static InputSpec tokens(int maxLength, int vocabularySize) {
        return new InputSpec(InputKind.TOKENS, maxLength, vocabularySize);
    }
}

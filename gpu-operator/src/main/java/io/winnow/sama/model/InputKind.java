package io.winnow.sama.model;

/** What a base learner reads from an example. */
public enum InputKind {
    /** A dense float vector of fixed dimension. */
    DENSE,
    /** A sequence of token ids, padded with 0. */
    TOKENS
}

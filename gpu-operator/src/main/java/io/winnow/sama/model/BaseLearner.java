package io.winnow.sama.model;

import ai.djl.ndarray.NDArray;
import io.winnow.sama.autograd.ParameterSet;

/** The model being trained on the stream (θ): maps a batch to class logits. */
public interface BaseLearner extends AutoCloseable {

    InputSpec inputSpec();

    int numClasses();

    /** θ: the arrays the forward pass reads, updated in place by the optimizer. */
    ParameterSet parameters();

    /** Logits [B, classes]. Recorded for differentiation only while grad mode is on. */
    NDArray logits(ModelInput input, Forward forward);

    /** The same architecture with its own copy of θ (the EMA model). */
    BaseLearner replicate();

    @Override
    void close();
}

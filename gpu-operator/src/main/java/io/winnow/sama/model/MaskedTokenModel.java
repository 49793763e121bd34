package io.winnow.sama.model;

import ai.djl.ndarray.NDArray;

/**
 * A base learner that can also predict masked tokens (BERT's masked-language-model objective), for
 * continued pretraining on unlabeled text beside its classification task.
 */
public interface MaskedTokenModel extends BaseLearner {

    /**
     * Logits over the vocabulary [M, V] at M chosen token positions of a batch.
     *
     * @param input token ids [B, T] (masked positions already replaced) and their padding mask
     * @param positions [M, B·T] selection matrix: row m is one-hot on the flattened position
     *     (b·T + t) of the m-th prediction
     */
    NDArray tokenLogits(ModelInput input, NDArray positions, Forward forward);

    /** Whether this model was built with a masked-token head (otherwise {@link #tokenLogits} throws). */
    boolean hasMaskedTokenHead();

    /** Size V of the predicted vocabulary; real token ids lie in [0, V), 0 is padding. */
    int vocabularySize();

    /** Id of the [MASK] token, outside the real vocabulary. */
    int maskTokenId();
}

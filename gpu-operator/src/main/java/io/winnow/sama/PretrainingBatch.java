package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.ModelInput;

import java.util.List;

/**
 * One continued-pretraining base step's data as tensors: the masked pretraining batch and the
 * labeled finetuning batch (absent while no labeled sample has arrived), each with the forward pass
 * whose dropout masks the meta step's θ± passes replay.
 */
record PretrainingBatch(
        List<Example> examples,
        TokenMasking.MaskedTokens masked,
        Forward pretrainingPass,
        ModelInput finetuneInput,
        NDArray finetuneOneHot,
        Forward finetunePass) {

    boolean hasFinetuneBatch() {
        return finetuneInput != null;
    }
}

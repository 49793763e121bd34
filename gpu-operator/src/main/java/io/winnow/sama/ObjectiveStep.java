package io.winnow.sama;

import java.util.List;

/**
 * One base step of a trainer's objective, with the meta step that follows it when one is due: what
 * {@link SamaTrainer#train} runs. The trainer's {@link TrainerParts} hold the model, the meta nets,
 * the optimizers and the buffers, and the trainer counts; a step owns its objective's loss and how
 * it turns a batch into tensors and outcomes.
 */
interface ObjectiveStep {

    /** Trains on a batch whose examples the trainer has already checked. */
    StepResult train(List<Example> batch);
}

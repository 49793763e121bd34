package io.winnow.jobs.config;

import io.winnow.sama.Objective;
import io.winnow.sama.TrainerConfig;
import io.winnow.sama.model.InputSpec;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * One curation task: its name, the trainer that curates it, and what its samples must look like
 * (input kind and size, classes, labeling functions), which validation checks.
 */
@PublicEvolving
public record TaskSpec(String name, TrainerConfig trainer, InputSpec input) implements Serializable {

    public int numClasses() {
        return trainer.numClasses();
    }

    /** Whether the task's training samples are unlabeled pretraining text (labels optional). */
    public boolean continuedPretraining() {
        return trainer.objective() == Objective.CONTINUED_PRETRAINING;
    }

    public int labelingFunctions() {
        return trainer.labelingFunctions();
    }
}

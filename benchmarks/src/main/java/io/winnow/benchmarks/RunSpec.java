package io.winnow.benchmarks;

import io.winnow.sama.Example;

import java.util.List;
import java.util.Map;

/**
 * One bounded replay: the training samples (one shuffled pass per epoch), then optionally more
 * epochs over a second list (e.g. the trusted samples alone, to finetune on them after the weak
 * labels), the trusted samples for the meta level, the EVAL samples the final model predicts, and
 * the curation task's settings.
 */
public record RunSpec(String name, List<Example> training, List<Example> trusted, List<Example> evaluation,
        Map<String, String> taskSettings, int epochs, long seed, List<Example> finalTraining, int finalEpochs) {

    public RunSpec {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("run name '" + name + "' must be usable in topic and file names");
        }
        if (epochs < 1 || training.isEmpty()) {
            throw new IllegalArgumentException("a run needs training samples and at least one epoch");
        }
        if (finalEpochs < 0 || (finalEpochs > 0 && finalTraining.isEmpty())) {
            throw new IllegalArgumentException("final epochs need samples to train on");
        }
        training = List.copyOf(training);
        trusted = List.copyOf(trusted);
        evaluation = List.copyOf(evaluation);
        taskSettings = Map.copyOf(taskSettings);
        finalTraining = List.copyOf(finalTraining);
    }

    /** A run over {@code training} alone. */
    public RunSpec(String name, List<Example> training, List<Example> trusted, List<Example> evaluation,
            Map<String, String> taskSettings, int epochs, long seed) {
        this(name, training, trusted, evaluation, taskSettings, epochs, seed, List.of(), 0);
    }

    /** Curated results the run emits: one per training sample and epoch. */
    public int expectedResults() {
        return training.size() * epochs + finalTraining.size() * finalEpochs;
    }
}

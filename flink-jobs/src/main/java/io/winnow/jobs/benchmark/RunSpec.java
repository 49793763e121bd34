package io.winnow.jobs.benchmark;

import io.winnow.sama.Example;

import java.util.List;
import java.util.Map;

/**
 * One bounded replay: the training samples (one shuffled pass per epoch), the trusted samples for
 * the meta level, the EVAL samples the final model predicts, and the curation task's settings.
 */
public record RunSpec(String name, List<Example> training, List<Example> trusted, List<Example> evaluation,
        Map<String, String> taskSettings, int epochs, long seed) {

    public RunSpec {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("run name '" + name + "' must be usable in topic and file names");
        }
        if (epochs < 1 || training.isEmpty()) {
            throw new IllegalArgumentException("a run needs training samples and at least one epoch");
        }
        training = List.copyOf(training);
        trusted = List.copyOf(trusted);
        evaluation = List.copyOf(evaluation);
        taskSettings = Map.copyOf(taskSettings);
    }
}

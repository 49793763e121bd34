package io.winnow.demo;

import io.winnow.sama.Example;

import java.util.List;
import java.util.Map;

/**
 * What the demo streams through the job: trusted and training samples, the task's settings, and the
 * truth behind the training labels, which only the demo's summary reads.
 */
interface DemoStream {

    /** One line for the console: what the samples are and how their labels were made noisy. */
    String description();

    /** Task settings without the {@code task.<name>.} prefix (classes, model, ...). */
    Map<String, String> taskSettings();

    List<Example> trusted();

    List<Example> training();

    /** The true class of a training sample. */
    int trueLabel(String id);

    default boolean mislabeled(String id, int givenLabel) {
        return givenLabel != trueLabel(id);
    }
}

package io.winnow.schemas;

/**
 * Default names of Winnow's Kafka topics. Every value is an Avro single-object message
 * ({@link SingleObjectFormat}); every key is a UTF-8 string or null, as stated per topic.
 */
public final class Topics {

    /**
     * Samples to curate: {@link io.winnow.schemas.avro.Sample} records of kind {@code TRAINING}, as Avro
     * single-object messages or JSON (see {@link SampleDecoder}): weakly labeled samples of a curation task,
     * or unlabeled text of a continued-pretraining task. Key: the sample id.
     */
    public static final String SAMPLES = "winnow.samples";

    /**
     * Clean samples: {@link io.winnow.schemas.avro.Sample} records of kind {@code TRUSTED} (they steer the
     * meta learner) or {@code EVAL} (held out to measure the model), as Avro or JSON. Key: the sample id.
     */
    public static final String TRUSTED = "winnow.trusted";

    /**
     * Results: one {@link io.winnow.schemas.avro.CuratedSample} per training sample (weight, corrected label,
     * loss, uncertainty, model version). Key: the sample id.
     */
    public static final String CURATED = "winnow.curated";

    /**
     * Task health: one {@link io.winnow.schemas.avro.TaskMetrics} per meta step of a task. Key: the task name.
     */
    public static final String METRICS = "winnow.metrics";

    /**
     * Refused input: one {@link io.winnow.schemas.avro.DeadLetter} per record that could not be used, with the
     * original key and value as received and the reason. Key: the sample id, or null when the id could not
     * be read.
     */
    public static final String DLQ = "winnow.dlq";

    /**
     * Evaluation: one {@link io.winnow.schemas.avro.Prediction} per {@code EVAL} sample, written when a bounded
     * run (a replay) has trained on its last sample. Key: the sample id.
     */
    public static final String PREDICTIONS = "winnow.predictions";

    /**
     * Pretraining results: one {@link io.winnow.schemas.avro.PretrainingWeight} per training sample of a
     * continued-pretraining task (its weight, masked-token loss, model version). Key: the sample id.
     */
    public static final String PRETRAINING_WEIGHTS = "winnow.pretraining-weights";

    private Topics() {
    }
}

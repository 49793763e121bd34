package io.winnow.schemas;

import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.DeadLetter;
import io.winnow.schemas.avro.Prediction;
import io.winnow.schemas.avro.PretrainingWeight;
import io.winnow.schemas.avro.Sample;
import io.winnow.schemas.avro.TaskMetrics;

/**
 * The shared, thread-safe single-object codecs of Winnow's records, and one-call encoders for what Winnow
 * writes. Samples are read with {@link SampleDecoder}, which also accepts JSON and bounds the input size.
 * Decoding with these codecs needs Avro's allow-list to trust the generated classes ({@link AvroTrust}).
 */
public final class Codecs {

    private Codecs() {
    }

    public static AvroCodec<Sample> sample() {
        return AvroCodec.of(Sample.class);
    }

    public static AvroCodec<CuratedSample> curatedSample() {
        return AvroCodec.of(CuratedSample.class);
    }

    public static AvroCodec<TaskMetrics> taskMetrics() {
        return AvroCodec.of(TaskMetrics.class);
    }

    public static AvroCodec<DeadLetter> deadLetter() {
        return AvroCodec.of(DeadLetter.class);
    }

    public static AvroCodec<Prediction> prediction() {
        return AvroCodec.of(Prediction.class);
    }

    public static AvroCodec<PretrainingWeight> pretrainingWeight() {
        return AvroCodec.of(PretrainingWeight.class);
    }

    /** The value to write to {@link Topics#SAMPLES} or {@link Topics#TRUSTED}. */
    public static byte[] encode(Sample sample) {
        return sample().encode(sample);
    }

    /** The value to write to {@link Topics#CURATED}. */
    public static byte[] encode(CuratedSample curated) {
        return curatedSample().encode(curated);
    }

    /** The value to write to {@link Topics#METRICS}. */
    public static byte[] encode(TaskMetrics metrics) {
        return taskMetrics().encode(metrics);
    }

    /** The value to write to {@link Topics#DLQ}. */
    public static byte[] encode(DeadLetter deadLetter) {
        return deadLetter().encode(deadLetter);
    }

    /** The value to write to {@link Topics#PREDICTIONS}. */
    public static byte[] encode(Prediction prediction) {
        return prediction().encode(prediction);
    }

    /** The value to write to {@link Topics#PRETRAINING_WEIGHTS}. */
    public static byte[] encode(PretrainingWeight weight) {
        return pretrainingWeight().encode(weight);
    }
}

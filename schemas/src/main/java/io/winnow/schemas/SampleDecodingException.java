package io.winnow.schemas;

import io.winnow.schemas.avro.DeadLetterReason;

/**
 * A message on {@link Topics#SAMPLES} or {@link Topics#TRUSTED} that {@link SampleDecoder} cannot turn into a
 * {@link io.winnow.schemas.avro.Sample}: the only exception {@link SampleDecoder#decode(byte[])} throws for
 * any input. {@link #reason()} and {@link #getMessage()} go into the dead letter as they are, with
 * {@link #sampleId()} and {@link #task()} when the decoder got that far ({@link DeadLetters#of(byte[], byte[],
 * String, int, long, SampleDecodingException, java.time.Instant)}).
 */
public class SampleDecodingException extends RecordDecodingException {

    private static final long serialVersionUID = 1L;

    private final String sampleId;
    private final String task;

    public SampleDecodingException(DeadLetterReason reason, String message) {
        this(reason, message, null, null, null);
    }

    public SampleDecodingException(DeadLetterReason reason, String message, Throwable cause) {
        this(reason, message, null, null, cause);
    }

    /**
     * @param sampleId the sample's id when it could be read before the problem, else null
     * @param task the sample's task when it could be read before the problem, else null
     */
    public SampleDecodingException(DeadLetterReason reason, String message, String sampleId, String task,
            Throwable cause) {
        super(reason, message, cause);
        this.sampleId = sampleId;
        this.task = task;
    }

    /** The sample id, when it could be read (then it is the dead letter's Kafka key); otherwise null. */
    public String sampleId() {
        return sampleId;
    }

    /** The task, when it could be read; otherwise null. */
    public String task() {
        return task;
    }
}

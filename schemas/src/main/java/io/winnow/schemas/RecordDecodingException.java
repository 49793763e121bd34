package io.winnow.schemas;

import io.winnow.schemas.avro.DeadLetterReason;
import java.util.Objects;

/**
 * A message that cannot be decoded into a record, with the {@link DeadLetterReason} it goes to the
 * dead-letter topic with and a message that names the problem. Unchecked so that codecs fit Kafka's and
 * Flink's deserializer interfaces; methods that throw it declare it anyway.
 *
 * <p>It records no stack trace: it describes bad input, not a fault in the code, and a stream of bad records
 * should not cost a stack walk each. An unexpected failure inside a decoder is kept as the cause, with its trace.
 */
public class RecordDecodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    public RecordDecodingException(DeadLetterReason reason, String message) {
        this(reason, message, null);
    }

    public RecordDecodingException(DeadLetterReason reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the message was refused, as recorded in {@link io.winnow.schemas.avro.DeadLetter#getReason()}. */
    public DeadLetterReason reason() {
        return reason;
    }
}

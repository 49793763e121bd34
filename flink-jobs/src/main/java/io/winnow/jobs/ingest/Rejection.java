package io.winnow.jobs.ingest;

import io.winnow.schemas.avro.DeadLetterReason;

/** Why a decoded sample cannot be used: a dead-letter reason and a message naming the problem. */
final class Rejection extends Exception {

    private static final long serialVersionUID = 1L;
    private final DeadLetterReason reason;

    Rejection(DeadLetterReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    DeadLetterReason reason() {
        return reason;
    }
}

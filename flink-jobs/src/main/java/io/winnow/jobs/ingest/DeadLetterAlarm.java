package io.winnow.jobs.ingest;

import java.util.Optional;

/**
 * Decides when dead letters stop being the odd bad record and start meaning that the job is
 * misconfigured (a task's dimension, classes or labeling functions wrong for its data): when at
 * least half of the records one validation instance has seen went to the dead-letter topic. It
 * speaks at 16, 32, 64, ... records seen, so a long stream of bad input logs a few dozen lines, not
 * one per record; and once more when the input ends, if nothing at all was accepted.
 */
final class DeadLetterAlarm {

    private static final long FIRST_CHECK = 16;

    private final String source;
    private long accepted;
    private long rejected;
    private long nextCheck = FIRST_CHECK;
    private String lastReason = "";

    DeadLetterAlarm(String source) {
        this.source = source;
    }

    /** Counts an accepted record; returns a warning when one is due. */
    Optional<String> accepted() {
        accepted++;
        return check();
    }

    /** Counts a dead letter; returns a warning when one is due. */
    Optional<String> rejected(String reason) {
        rejected++;
        lastReason = reason;
        return check();
    }

    private Optional<String> check() {
        long seen = accepted + rejected;
        if (seen < nextCheck) {
            return Optional.empty();
        }
        nextCheck *= 2;
        if (2 * rejected < seen) {
            return Optional.empty();
        }
        return Optional.of(rejected + " of the " + seen + " records read from " + source
                + " so far went to the dead-letter topic (latest: " + lastReason
                + "): check the task's configuration against the data");
    }

    /** At the end of a bounded input: an error when every record was dead-lettered. */
    Optional<String> atEnd() {
        return rejected > 0 && accepted == 0
                ? Optional.of("every one of the " + rejected + " records read from " + source
                        + " went to the dead-letter topic (latest: " + lastReason + "): nothing was curated")
                : Optional.empty();
    }
}

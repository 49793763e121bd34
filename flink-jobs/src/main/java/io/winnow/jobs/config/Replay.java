package io.winnow.jobs.config;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * How a bounded run reads its input. A continuous job is {@link #continuous()}; a replay reads a
 * topic's offset range, or files, {@code epochs} times in a row and then finishes, predicting the
 * EVAL samples with the final model.
 *
 * @param bounded whether the input ends (files, or {@code job.bounded=true} over Kafka)
 * @param epochs passes over the samples input; the trusted input is read once (the trainer keeps it)
 * @param files files to read instead of Kafka, when enabled
 * @param samplesOffsets offsets of the samples topic to replay
 * @param trustedOffsets offsets of the trusted topic to replay
 */
@PublicEvolving
public record Replay(boolean bounded, int epochs, InputFiles files, OffsetRange samplesOffsets,
        OffsetRange trustedOffsets) implements Serializable {

    public Replay {
        if (epochs < 1) {
            throw new ConfigException("replay.epochs must be at least 1");
        }
        if (!bounded && (epochs > 1 || files.enabled() || !samplesOffsets.isAll() || !trustedOffsets.isAll())) {
            throw new ConfigException("replay.epochs, replay offsets and files need a bounded job (job.bounded=true)");
        }
        if (files.enabled() && (!samplesOffsets.isAll() || !trustedOffsets.isAll())) {
            throw new ConfigException("replay offsets apply to Kafka topics, not to files.samples / files.trusted");
        }
    }

    public static Replay continuous() {
        return new Replay(false, 1, new InputFiles(java.util.List.of(), java.util.List.of()), OffsetRange.all(),
                OffsetRange.all());
    }
}

package io.winnow.jobs.config;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * Size limits on every input, so that a hostile or broken record cannot exhaust memory: it is
 * refused (dead-lettered) before anything large is allocated for it.
 */
@PublicEvolving
public record InputLimits(int maxRecordBytes, int maxFeatures, int maxTokens, int maxTextChars, int maxVotes)
        implements Serializable {

    public static InputLimits defaults() {
        return new InputLimits(1 << 20, 1 << 16, 1 << 14, 1 << 20, 1024);
    }
}

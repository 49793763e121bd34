package io.winnow.jobs.config;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.List;

/**
 * Files to replay instead of Kafka topics: JSON lines (.jsonl) or Avro object container files
 * (.avro) of samples, read in the order given. Empty lists mean the job reads Kafka.
 *
 * @param samples files of the samples topic (TRAINING samples)
 * @param trusted files of the trusted topic (TRUSTED and EVAL samples)
 */
@PublicEvolving
public record InputFiles(List<String> samples, List<String> trusted) implements Serializable {

    public InputFiles {
        samples = List.copyOf(samples);
        trusted = List.copyOf(trusted);
        if (samples.isEmpty() && !trusted.isEmpty()) {
            throw new ConfigException("files.trusted needs files.samples as well");
        }
        for (String file : samples) {
            check(file, "files.samples");
        }
        for (String file : trusted) {
            check(file, "files.trusted");
        }
    }

    private static void check(String file, String key) {
        if (!file.endsWith(".jsonl") && !file.endsWith(".avro")) {
            throw new ConfigException(key + ": " + file + " is neither JSON lines (.jsonl) nor an Avro container file (.avro)");
        }
    }

    public boolean enabled() {
        return !samples.isEmpty();
    }
}

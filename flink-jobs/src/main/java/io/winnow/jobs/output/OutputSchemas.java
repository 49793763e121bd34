package io.winnow.jobs.output;

import io.winnow.jobs.config.TopicNames;
import io.winnow.schemas.RegistryCodec;
import io.winnow.schemas.SchemaRegistryClient;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.DeadLetter;
import io.winnow.schemas.avro.Prediction;
import io.winnow.schemas.avro.PretrainingWeight;
import io.winnow.schemas.avro.TaskMetrics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.annotation.Internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers the schemas of the job's output topics before the job starts, each under the subject
 * {@code <topic>-value} (the topic-name strategy that Confluent's serializers and Flink SQL's
 * {@code avro-confluent} format default to) with {@code BACKWARD} compatibility, so that a registry
 * refuses a later Winnow version whose schema today's consumers could not read. A refusal stops the job at
 * start, before any record is written.
 */
@Internal
public final class OutputSchemas {

    /** The compatibility level set on every output subject. */
    public static final String COMPATIBILITY = "BACKWARD";

    private OutputSchemas() {}

    /** Registers every output topic's schema and returns the framing that writes with their ids. */
    public static OutputFraming register(SchemaRegistryClient registry, TopicNames topics) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        register(registry, topics.curated(), CuratedSample.class, ids);
        register(registry, topics.metrics(), TaskMetrics.class, ids);
        register(registry, topics.deadLetters(), DeadLetter.class, ids);
        register(registry, topics.predictions(), Prediction.class, ids);
        register(registry, topics.pretrainingWeights(), PretrainingWeight.class, ids);
        return OutputFraming.registry(ids);
    }

    /** The subject a topic's values are registered under. */
    public static String subject(String topic) {
        return topic + "-value";
    }

    private static void register(SchemaRegistryClient registry, String topic, Class<? extends SpecificRecord> type,
            Map<String, Integer> ids) {
        String subject = subject(topic);
        registry.setCompatibility(subject, COMPATIBILITY);
        ids.put(type.getName(), registry.register(subject, new RegistryCodec<>(type).schema()));
    }
}

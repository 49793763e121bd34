package io.winnow.jobs.ingest;

import io.winnow.jobs.config.JobConfig;
import io.winnow.jobs.config.KafkaSettings;
import io.winnow.jobs.config.OffsetRange;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.source.hybrid.HybridSource;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.KafkaSourceOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.Path;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The job's inputs as Flink sources of {@link RawRecord}s: a Kafka topic, continuous or bounded to
 * an offset range, or files. A replay of several epochs reads them in order: files through one file
 * source over every epoch's files with one reader, a topic by chaining one bounded source per pass
 * with a {@link HybridSource}; either way epoch 2 starts only when epoch 1 has been read completely.
 */
@Internal
public final class InputSources {

    private InputSources() {}

    /** The training samples: every epoch of a replay, in order. */
    public static Source<RawRecord, ?, ?> samples(JobConfig config) {
        String topic = config.topics().samples();
        if (config.files().enabled()) {
            List<String> files = new ArrayList<>();
            for (int epoch = 0; epoch < config.replay().epochs(); epoch++) {
                files.addAll(config.files().samples());
            }
            return files(topic, files);
        }
        List<Source<RawRecord, ?, ?>> passes = new ArrayList<>();
        for (int epoch = 0; epoch < config.replay().epochs(); epoch++) {
            passes.add(kafka(config, topic, config.replay().samplesOffsets()));
        }
        return inSequence(passes);
    }

    /** The trusted (and, in replays, EVAL) samples, read once. */
    public static Source<RawRecord, ?, ?> trusted(JobConfig config) {
        String topic = config.topics().trusted();
        if (config.files().enabled()) {
            return files(topic, config.files().trusted());
        }
        return kafka(config, topic, config.replay().trustedOffsets());
    }

    private static Source<RawRecord, ?, ?> inSequence(List<Source<RawRecord, ?, ?>> sources) {
        if (sources.size() == 1) {
            return sources.get(0); // no wrapper: keeps the plain source's state layout
        }
        HybridSource.HybridSourceBuilder<RawRecord, ?> builder = HybridSource.builder(sources.get(0));
        for (Source<RawRecord, ?, ?> next : sources.subList(1, sources.size())) {
            builder = builder.addSource(next);
        }
        return builder.build();
    }

    /**
     * Files of samples, JSON lines or Avro container files, as records of the logical {@code topic},
     * read in the order given (one reader: see {@link #FILE_READERS}). Each run of files of one format
     * is one file source; a HybridSource chains the runs only where the format changes, because a
     * HybridSource does not survive a restart that comes before its first checkpoint ("split of
     * source 1 while current source is 0"), and a replay often ends before one.
     */
    static Source<RawRecord, ?, ?> files(String topic, List<String> files) {
        List<Source<RawRecord, ?, ?>> runs = new ArrayList<>();
        List<Path> run = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            run.add(new Path(files.get(i)));
            boolean avro = isAvro(files.get(i));
            if (i + 1 == files.size() || isAvro(files.get(i + 1)) != avro) {
                runs.add(FileSource.forRecordStreamFormat(
                                avro ? new AvroSampleFileFormat(topic) : new JsonLinesFormat(topic), run.toArray(Path[]::new))
                        .setSplitAssigner(InOrderSplitAssigner::new)
                        .build());
                run.clear();
            }
        }
        return inSequence(runs);
    }

    /**
     * Readers of a file replay: one, since each file is one split and several readers would read
     * epoch 2 beside epoch 1; parsing is cheap next to training.
     */
    public static final int FILE_READERS = 1;

    private static boolean isAvro(String file) {
        return file.endsWith(".avro");
    }

    static KafkaSource<RawRecord> kafka(JobConfig config, String topic, OffsetRange range) {
        KafkaSettings kafka = config.kafka();
        Properties properties = kafka.clientProperties(new Properties());
        // Only committed input counts: a producer's aborted transaction must not be curated
        // (JobConfig refuses any other isolation level a user sets).
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.setProperty(KafkaSourceOptions.COMMIT_OFFSETS_ON_CHECKPOINT.key(), "true");
        KafkaSourceBuilder<RawRecord> builder = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setGroupId(kafka.groupId())
                .setTopics(topic)
                .setDeserializer(new RawRecordDeserializer())
                .setProperties(properties);
        if (!range.isAll()) {
            builder.setStartingOffsets(OffsetsInitializer.offsets(partitions(topic, range.from())))
                    .setBounded(OffsetsInitializer.offsets(partitions(topic, range.to())));
            return builder.build();
        }
        builder.setStartingOffsets(switch (kafka.startingOffsets()) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        });
        if (config.bounded()) {
            // A replay: read up to the offsets that are current when the job starts, then finish.
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private static Map<TopicPartition, Long> partitions(String topic, Map<Integer, Long> offsets) {
        Map<TopicPartition, Long> out = new HashMap<>();
        offsets.forEach((partition, offset) -> out.put(new TopicPartition(topic, partition), offset));
        return out;
    }
}

package io.winnow.jobs.output;

import io.winnow.operator.CuratedRecord;
import io.winnow.operator.MetricsRecord;
import io.winnow.operator.PredictionRecord;
import io.winnow.operator.PretrainingWeightRecord;
import io.winnow.schemas.Codecs;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.Prediction;
import io.winnow.schemas.avro.PretrainingWeight;
import io.winnow.schemas.avro.TaskMetrics;

import org.apache.flink.annotation.Internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Encodes the curation operator's outputs as Avro single-object messages, keyed as the topics document. */
@Internal
public final class OutputEncoders {

    private OutputEncoders() {}

    /** Keyed by sample id. */
    public static KafkaMessage curated(CuratedRecord record, long producedAtMillis) {
        CuratedSample curated = CuratedSample.newBuilder()
                .setId(record.id)
                .setTask(record.task)
                .setWeight(record.weight)
                .setCorrectedLabel(record.correctedLabel)
                .setCorrectedDistribution(floats(record.correctedDistribution))
                .setGivenLabel(record.givenLabel)
                .setLoss(record.loss)
                .setUncertainty(record.uncertainty)
                .setModelVersion(record.modelVersion)
                .setEventTime(Instant.ofEpochMilli(record.eventTime))
                .setProducedAt(Instant.ofEpochMilli(producedAtMillis))
                .build();
        return new KafkaMessage(utf8(record.id), Codecs.encode(curated), producedAtMillis);
    }

    /** Keyed by sample id. */
    public static KafkaMessage prediction(PredictionRecord record, long producedAtMillis) {
        Prediction prediction = Prediction.newBuilder()
                .setId(record.id)
                .setTask(record.task)
                .setPredictedLabel(record.predictedLabel)
                .setProbabilities(floats(record.probabilities))
                .setGivenLabel(record.givenLabel < 0 ? null : record.givenLabel)
                .setModelVersion(record.modelVersion)
                .setProducedAt(Instant.ofEpochMilli(producedAtMillis))
                .build();
        return new KafkaMessage(utf8(record.id), Codecs.encode(prediction), producedAtMillis);
    }

    /** Keyed by sample id. */
    public static KafkaMessage pretrainingWeight(PretrainingWeightRecord record, long producedAtMillis) {
        PretrainingWeight weight = PretrainingWeight.newBuilder()
                .setId(record.id)
                .setTask(record.task)
                .setWeight(record.weight)
                .setLoss(record.loss)
                .setModelVersion(record.modelVersion)
                .setEventTime(Instant.ofEpochMilli(record.eventTime))
                .setProducedAt(Instant.ofEpochMilli(producedAtMillis))
                .build();
        return new KafkaMessage(utf8(record.id), Codecs.encode(weight), producedAtMillis);
    }

    /** Keyed by task. */
    public static KafkaMessage metrics(MetricsRecord record, long producedAtMillis) {
        TaskMetrics metrics = TaskMetrics.newBuilder()
                .setTask(record.task)
                .setMetaStep(record.metaStep)
                .setModelVersion(record.modelVersion)
                .setBaseLoss(record.baseLoss)
                .setMetaLoss(Double.isNaN(record.metaLoss) ? null : record.metaLoss)
                .setSamples(record.samples)
                .setWeightMean(record.weightMean)
                .setWeightStd(record.weightStd)
                .setWeightMin(record.weightMin)
                .setWeightMax(record.weightMax)
                .setLabelsChangedShare(record.labelsChangedShare)
                .setSamplesPerSecond(record.samplesPerSecond)
                .setMetaUpdateApplied(record.metaUpdateApplied)
                .setProducedAt(Instant.ofEpochMilli(producedAtMillis))
                .build();
        return new KafkaMessage(utf8(record.task), Codecs.encode(metrics), producedAtMillis);
    }

    private static List<Float> floats(float[] values) {
        List<Float> list = new ArrayList<>(values.length);
        for (float value : values) {
            list.add(value);
        }
        return list;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

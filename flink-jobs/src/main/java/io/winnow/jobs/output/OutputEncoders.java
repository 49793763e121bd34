package io.winnow.jobs.output;

import io.winnow.operator.CuratedRecord;
import io.winnow.operator.MetricsRecord;
import io.winnow.operator.PredictionRecord;
import io.winnow.operator.PretrainingWeightRecord;
import io.winnow.sama.CurationOutcome;
import io.winnow.sama.MetaStepReport;
import io.winnow.sama.PretrainingOutcome;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.Prediction;
import io.winnow.schemas.avro.PretrainingWeight;
import io.winnow.schemas.avro.TaskMetrics;

import org.apache.flink.annotation.Internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Encodes the curation operator's outputs as Avro values in the job's {@link OutputFraming}, keyed as the topics document. */
@Internal
public final class OutputEncoders {

    private OutputEncoders() {}

    /** Keyed by sample id. */
    public static KafkaMessage curated(CuratedRecord record, long producedAtMillis, OutputFraming framing) {
        CurationOutcome outcome = record.outcome;
        CuratedSample curated = CuratedSample.newBuilder()
                .setId(outcome.id())
                .setTask(record.task)
                .setWeight(outcome.weight())
                .setCorrectedLabel(outcome.correctedLabel())
                .setCorrectedDistribution(floats(outcome.correctedDistribution()))
                .setGivenLabel(outcome.givenLabel())
                .setLoss(outcome.loss())
                .setUncertainty(outcome.uncertainty())
                .setModelVersion(outcome.modelVersion())
                .setEventTime(Instant.ofEpochMilli(record.eventTime))
                .setProducedAt(Instant.ofEpochMilli(producedAtMillis))
                .build();
        return new KafkaMessage(utf8(outcome.id()), framing.encode(curated), producedAtMillis);
    }

    /** Keyed by sample id. */
    public static KafkaMessage prediction(PredictionRecord record, long producedAtMillis, OutputFraming framing) {
        Prediction prediction = Prediction.newBuilder()
                .setId(record.id)
                .setTask(record.task)
                .setPredictedLabel(record.predictedLabel)
                .setProbabilities(floats(record.probabilities))
                .setGivenLabel(record.givenLabel < 0 ? null : record.givenLabel)
                .setModelVersion(record.modelVersion)
                .setProducedAt(Instant.ofEpochMilli(producedAtMillis))
                .build();
        return new KafkaMessage(utf8(record.id), framing.encode(prediction), producedAtMillis);
    }

    /** Keyed by sample id. */
    public static KafkaMessage pretrainingWeight(PretrainingWeightRecord record, long producedAtMillis,
            OutputFraming framing) {
        PretrainingOutcome outcome = record.outcome;
        PretrainingWeight weight = PretrainingWeight.newBuilder()
                .setId(outcome.id())
                .setTask(record.task)
                .setWeight(outcome.weight())
                .setLoss(outcome.loss())
                .setModelVersion(outcome.modelVersion())
                .setEventTime(Instant.ofEpochMilli(record.eventTime))
                .setProducedAt(Instant.ofEpochMilli(producedAtMillis))
                .build();
        return new KafkaMessage(utf8(outcome.id()), framing.encode(weight), producedAtMillis);
    }

    /** Keyed by task. */
    public static KafkaMessage metrics(MetricsRecord record, long producedAtMillis, OutputFraming framing) {
        MetaStepReport report = record.report;
        TaskMetrics metrics = TaskMetrics.newBuilder()
                .setTask(record.task)
                .setMetaStep(report.metaStep())
                .setModelVersion(report.modelVersion())
                .setBaseLoss(report.baseLoss())
                .setMetaLoss(Double.isNaN(report.metaLoss()) ? null : report.metaLoss())
                .setSamples(report.samples())
                .setWeightMean(report.weightMean())
                .setWeightStd(report.weightStd())
                .setWeightMin(report.weightMin())
                .setWeightMax(report.weightMax())
                .setLabelsChangedShare(report.labelsChangedShare())
                .setSamplesPerSecond(report.samplesPerSecond())
                .setMetaUpdateApplied(report.updateApplied())
                .setProducedAt(Instant.ofEpochMilli(producedAtMillis))
                .build();
        return new KafkaMessage(utf8(record.task), framing.encode(metrics), producedAtMillis);
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

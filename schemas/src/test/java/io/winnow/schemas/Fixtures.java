package io.winnow.schemas;

import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.DeadLetter;
import io.winnow.schemas.avro.DeadLetterReason;
import io.winnow.schemas.avro.DenseFeatures;
import io.winnow.schemas.avro.RawText;
import io.winnow.schemas.avro.Sample;
import io.winnow.schemas.avro.SampleKind;
import io.winnow.schemas.avro.TaskMetrics;
import io.winnow.schemas.avro.TokenIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records and messages shared by the tests. */
final class Fixtures {

    static final Instant EVENT_TIME = Instant.ofEpochMilli(1_700_000_000_123L);
    static final Instant PRODUCED_AT = Instant.ofEpochMilli(1_700_000_005_000L);

    private Fixtures() {
    }

    static Sample dense() {
        return Sample.newBuilder()
                .setId("s-1").setTask("spam").setKind(SampleKind.TRAINING)
                .setPayload(new DenseFeatures(List.of(0.5f, -1.25f, 3.0f)))
                .setLabel(1).setVotes(List.of(1, -1, 0))
                .setSource(Map.of("dataset", "mails", "shard", "7"))
                .setEventTime(EVENT_TIME)
                .build();
    }

    static Sample tokens() {
        return Sample.newBuilder()
                .setId("s-2").setTask("news").setKind(SampleKind.TRUSTED)
                .setPayload(new TokenIds(List.of(101, 7, 2048, 102)))
                .setLabel(3).setVotes(null).setSource(null)
                .setEventTime(EVENT_TIME)
                .build();
    }

    static Sample text() {
        return Sample.newBuilder()
                .setId("s-3").setTask("reviews").setKind(SampleKind.EVAL)
                .setPayload(new RawText("Très bien, 5 étoiles ✓"))
                .setLabel(null).setVotes(List.of()).setSource(Map.of())
                .setEventTime(Instant.EPOCH)
                .build();
    }

    static List<Sample> samples() {
        return List.of(dense(), tokens(), text());
    }

    static CuratedSample curated() {
        return CuratedSample.newBuilder()
                .setId("s-1").setTask("spam").setWeight(1.75).setCorrectedLabel(0)
                .setCorrectedDistribution(List.of(0.9f, 0.1f)).setGivenLabel(1)
                .setLoss(0.42).setUncertainty(0.03).setModelVersion(1234L)
                .setEventTime(EVENT_TIME).setProducedAt(PRODUCED_AT)
                .build();
    }

    static TaskMetrics metrics(Double metaLoss) {
        return TaskMetrics.newBuilder()
                .setTask("spam").setMetaStep(15L).setModelVersion(150L).setBaseLoss(0.61).setMetaLoss(metaLoss)
                .setSamples(2400L).setWeightMean(1.02).setWeightStd(0.4).setWeightMin(0.01).setWeightMax(1.99)
                .setLabelsChangedShare(0.05).setSamplesPerSecond(8500.0).setMetaUpdateApplied(metaLoss != null)
                .setProducedAt(PRODUCED_AT)
                .build();
    }

    static DeadLetter deadLetter(byte[] key) {
        return DeadLetters.of(key, "{\"id\": 1}".getBytes(StandardCharsets.UTF_8), Topics.SAMPLES, 3, 42L,
                DeadLetterReason.UNDECODABLE, "field 'id' must be a string, got a number", null, null, PRODUCED_AT);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

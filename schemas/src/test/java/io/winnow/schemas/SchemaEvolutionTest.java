package io.winnow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.winnow.schemas.SchemaCatalog.SchemaVersion;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.DeadLetter;
import io.winnow.schemas.avro.DeadLetterReason;
import io.winnow.schemas.avro.DenseFeatures;
import io.winnow.schemas.avro.RawText;
import io.winnow.schemas.avro.Sample;
import io.winnow.schemas.avro.SampleKind;
import io.winnow.schemas.avro.TaskMetrics;
import io.winnow.schemas.avro.TokenIds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

    /** Fingerprint of history/Sample.v1.avsc. History files are frozen: if this changes, a file was edited. */
    private static final long SAMPLE_V1_FINGERPRINT = 0x9d7d3597c7a7a1f1L;

    private static final Schema V1 = SchemaCatalog.parseResource("history/Sample.v1.avsc");

    private static byte[] writeV1(GenericRecord record) throws IOException {
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V1).encode(record);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static GenericRecord v1Record(Object payload, Integer label, List<Integer> votes) {
        return new GenericRecordBuilder(V1)
                .set("id", "old-1")
                .set("task", "spam")
                .set("kind", new GenericData.EnumSymbol(V1.getField("kind").schema(), "TRUSTED"))
                .set("payload", payload)
                .set("label", label)
                .set("votes", votes)
                .set("eventTime", 1_700_000_000_123L)
                .build();
    }

    private static GenericRecord v1Payload(String name, String field, Object value) {
        Schema branch = V1.getField("payload").schema().getTypes().stream()
                .filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
        return new GenericRecordBuilder(branch).set(field, value).build();
    }

    @Test
    void bytesWrittenWithVersion1DecodeAsTheCurrentSampleWithoutSource() throws IOException {
        byte[] bytes = writeV1(v1Record(v1Payload("DenseFeatures", "values", List.of(0.5f, 2f)), 1, List.of(1, -1)));

        assertThat(SingleObjectFormat.fingerprint(bytes)).isNotEqualTo(Codecs.sample().fingerprint());
        Sample sample = new SampleDecoder().decode(bytes);

        assertThat(sample).isEqualTo(Sample.newBuilder()
                .setId("old-1").setTask("spam").setKind(SampleKind.TRUSTED)
                .setPayload(new DenseFeatures(List.of(0.5f, 2f)))
                .setLabel(1).setVotes(List.of(1, -1)).setSource(null)
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_123L))
                .build());
        assertThat(sample.getSource()).isNull();
    }

    @Test
    void everyVersion1PayloadKindDecodes() throws IOException {
        Sample tokens = Codecs.sample().decode(writeV1(v1Record(v1Payload("TokenIds", "ids", List.of(4, 5)), null, null)));
        Sample text = Codecs.sample().decode(writeV1(v1Record(v1Payload("RawText", "text", "hi"), 0, List.of())));

        assertThat(tokens.getPayload()).isEqualTo(new TokenIds(List.of(4, 5)));
        assertThat(tokens.getLabel()).isNull();
        assertThat(tokens.getVotes()).isNull();
        assertThat(text.getPayload()).isEqualTo(new RawText("hi"));
        assertThat(text.getSource()).isNull();
    }

    @Test
    void unknownFingerprintIsAnUnknownSchemaError() {
        byte[] bytes = Codecs.encode(Fixtures.dense());
        ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(2, 0x0123456789abcdefL);

        SampleDecodingException e =
                catchThrowableOfType(SampleDecodingException.class, () -> new SampleDecoder().decode(bytes));

        assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA);
        assertThat(e.getMessage()).isEqualTo("unknown writer schema: fingerprint 0123456789abcdef is no known version"
                + " of io.winnow.schemas.avro.Sample; known: v1 " + SingleObjectFormat.hex(SAMPLE_V1_FINGERPRINT)
                + ", v2 " + SingleObjectFormat.hex(Codecs.sample().fingerprint()));
    }

    @Test
    void catalogListsVersion1ThenTheCurrentSample() {
        List<SchemaVersion> versions = SchemaCatalog.versions(Sample.class);

        assertThat(versions).extracting(SchemaVersion::version).containsExactly(1, 2);
        assertThat(versions).extracting(SchemaVersion::current).containsExactly(false, true);
        assertThat(versions.get(0).resource()).isEqualTo("history/Sample.v1.avsc");
        assertThat(versions.get(0).fingerprint()).isEqualTo(SAMPLE_V1_FINGERPRINT);
        assertThat(versions.get(1).schema()).isEqualTo(Sample.getClassSchema());
        assertThat(Codecs.sample().acceptedVersions()).isEqualTo(versions);
        assertThat(SchemaCatalog.byFingerprint(SAMPLE_V1_FINGERPRINT)).contains(versions.get(0));
    }

    @Test
    void recordsWithoutHistoryHaveOneVersion() {
        for (Class<? extends org.apache.avro.specific.SpecificRecord> type :
                List.of(CuratedSample.class, TaskMetrics.class, DeadLetter.class)) {
            assertThat(SchemaCatalog.versions(type)).singleElement()
                    .satisfies(v -> assertThat(v.current()).isTrue());
        }
    }

    @Test
    void currentReadsEveryHistoricalVersionAndAddsFieldsOnlyWithDefaults() {
        for (Class<? extends org.apache.avro.specific.SpecificRecord> type : SchemaCatalog.records()) {
            List<SchemaVersion> versions = SchemaCatalog.versions(type);
            for (int i = 1; i < versions.size(); i++) {
                Schema older = versions.get(i - 1).schema();
                Schema newer = versions.get(i).schema();
                assertThat(SchemaCompatibility.checkReaderWriterCompatibility(newer, older).getType())
                        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
                for (Schema.Field field : newer.getFields()) {
                    if (older.getField(field.name()) == null) {
                        assertThat(field.hasDefaultValue()).as(type.getSimpleName() + "." + field.name()).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void version1CanStillReadVersion2GivenItsSchema() {
        // Forward direction, for consumers pinned to v1 that are handed the v2 .avsc (no registry delivers it).
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(V1, Sample.getClassSchema()).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }
}

package io.winnow.schemas;

import static io.winnow.schemas.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.DeadLetter;
import io.winnow.schemas.avro.DeadLetterReason;
import io.winnow.schemas.avro.Sample;
import io.winnow.schemas.avro.TaskMetrics;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {

    static java.util.List<Sample> samples() {
        return Fixtures.samples();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleOfEachPayloadKindRoundTrips(Sample sample) {
        byte[] bytes = Codecs.encode(sample);

        assertThat(Codecs.sample().decode(bytes)).isEqualTo(sample);
        assertThat(new SampleDecoder().decode(bytes)).isEqualTo(sample);
    }

    @Test
    void curatedSampleRoundTrips() {
        CuratedSample curated = Fixtures.curated();
        CuratedSample decoded = Codecs.curatedSample().decode(Codecs.encode(curated));

        assertThat(decoded).isEqualTo(curated);
        assertThat(decoded.getEventTime()).isEqualTo(Fixtures.EVENT_TIME);
        assertThat(decoded.getCorrectedDistribution()).containsExactly(0.9f, 0.1f);
    }

    @Test
    void taskMetricsRoundTripWithAndWithoutMetaLoss() {
        for (TaskMetrics metrics : new TaskMetrics[] {Fixtures.metrics(0.33), Fixtures.metrics(null)}) {
            assertThat(Codecs.taskMetrics().decode(Codecs.encode(metrics))).isEqualTo(metrics);
        }
        TaskMetrics nan = TaskMetrics.newBuilder(Fixtures.metrics(null)).setWeightStd(Double.NaN).build();
        assertThat(Codecs.taskMetrics().decode(Codecs.encode(nan)).getWeightStd()).isNaN();
    }

    @Test
    void deadLetterRoundTripsWithAndWithoutKey() {
        for (byte[] key : new byte[][] {null, utf8("s-9")}) {
            DeadLetter deadLetter = Fixtures.deadLetter(key);
            DeadLetter decoded = Codecs.deadLetter().decode(Codecs.encode(deadLetter));

            assertThat(decoded).isEqualTo(deadLetter);
            assertThat(decoded.getReason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        }
    }

    @Test
    void messagesCarryMarkerAndLittleEndianFingerprint() {
        byte[] bytes = Codecs.encode(Fixtures.curated());

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint)
                .isEqualTo(Codecs.curatedSample().fingerprint())
                .isEqualTo(SingleObjectFormat.fingerprint(bytes))
                .isEqualTo(SingleObjectFormat.fingerprint(CuratedSample.getClassSchema()));
    }

    @Test
    void eventTimeKeepsMilliseconds() {
        Sample sample = Sample.newBuilder(Fixtures.dense()).setEventTime(Instant.ofEpochMilli(-1L)).build();

        assertThat(Codecs.sample().decode(Codecs.encode(sample)).getEventTime()).isEqualTo(Instant.ofEpochMilli(-1L));
    }

    @Test
    void recordWithNullRequiredFieldIsRefusedWhenEncoding() {
        CuratedSample incomplete = new CuratedSample();

        assertThatThrownBy(() -> Codecs.encode(incomplete))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot encode io.winnow.schemas.avro.CuratedSample");
    }

    @Test
    void recordOfAnotherTypeIsAnUnknownSchemaNamingIt() {
        byte[] curated = Codecs.encode(Fixtures.curated());

        assertThatThrownBy(() -> new SampleDecoder().decode(curated))
                .isInstanceOfSatisfying(SampleDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA))
                .hasMessageContaining("io.winnow.schemas.avro.CuratedSample v1");
    }
}

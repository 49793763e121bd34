package io.winnow.schemas;

import static io.winnow.schemas.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.winnow.schemas.avro.DeadLetter;
import io.winnow.schemas.avro.DeadLetterReason;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @Test
    void buildsFromEveryArgument() {
        byte[] key = utf8("s-1");
        byte[] value = {1, 2, 3};
        DeadLetter letter = DeadLetters.of(key, value, Topics.TRUSTED, 2, 99L, DeadLetterReason.LABEL_OUT_OF_RANGE,
                "label 7 is outside [0, 4)", "spam", "s-1", Fixtures.PRODUCED_AT);

        assertThat(bytes(letter.getOriginalKey())).isEqualTo(key);
        assertThat(bytes(letter.getOriginalValue())).isEqualTo(value);
        assertThat(letter.getTopic()).isEqualTo("winnow.trusted");
        assertThat(letter.getPartition()).isEqualTo(2);
        assertThat(letter.getOffset()).isEqualTo(99L);
        assertThat(letter.getReason()).isEqualTo(DeadLetterReason.LABEL_OUT_OF_RANGE);
        assertThat(letter.getDetail()).isEqualTo("label 7 is outside [0, 4)");
        assertThat(letter.getTask()).isEqualTo("spam");
        assertThat(letter.getSampleId()).isEqualTo("s-1");
        assertThat(letter.getFailedAt()).isEqualTo(Fixtures.PRODUCED_AT);
        assertThat(DeadLetters.kafkaKey(letter)).isEqualTo(utf8("s-1"));
        // the caller's arrays are copied
        value[0] = 9;
        assertThat(bytes(letter.getOriginalValue())).containsExactly(1, 2, 3);
    }

    @Test
    void nullKeyValueAndDetail() {
        DeadLetter letter = DeadLetters.of(null, null, Topics.SAMPLES, 0, 0L, DeadLetterReason.UNDECODABLE, null, null,
                null, Instant.EPOCH);

        assertThat(letter.getOriginalKey()).isNull();
        assertThat(letter.getOriginalValue().remaining()).isZero();
        assertThat(letter.getDetail()).isEqualTo("UNDECODABLE");
        assertThat(DeadLetters.kafkaKey(letter)).isNull();
        assertThat(Codecs.deadLetter().decode(Codecs.encode(letter))).isEqualTo(letter);
    }

    @Test
    void buildsFromADecodingFailureKeepingWhatWasRead() {
        byte[] value = utf8("{\"id\": \"s-7\", \"task\": \"spam\", \"kind\": \"TRAINING\", \"tokens\": [1.5]}");
        SampleDecodingException error =
                catchThrowableOfType(SampleDecodingException.class, () -> new SampleDecoder().decode(value));

        DeadLetter letter = DeadLetters.of(utf8("s-7"), value, Topics.SAMPLES, 1, 5L, error, Fixtures.PRODUCED_AT);

        assertThat(letter.getReason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(letter.getDetail()).isEqualTo("field 'tokens' must be an array of integers, element 0 is a non-integer number (1.5)");
        assertThat(letter.getSampleId()).isEqualTo("s-7");
        assertThat(letter.getTask()).isEqualTo("spam");
        assertThat(bytes(letter.getOriginalValue())).isEqualTo(value);
        assertThat(Codecs.deadLetter().decode(Codecs.encode(letter))).isEqualTo(letter);
    }

    @Test
    void topicNames() {
        assertThat(new String[] {Topics.SAMPLES, Topics.TRUSTED, Topics.CURATED, Topics.METRICS, Topics.DLQ})
                .containsExactly("winnow.samples", "winnow.trusted", "winnow.curated", "winnow.metrics", "winnow.dlq");
    }
}

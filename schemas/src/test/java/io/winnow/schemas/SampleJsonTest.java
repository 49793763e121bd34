package io.winnow.schemas;

import static io.winnow.schemas.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.winnow.schemas.avro.DeadLetterReason;
import io.winnow.schemas.avro.DenseFeatures;
import io.winnow.schemas.avro.RawText;
import io.winnow.schemas.avro.Sample;
import io.winnow.schemas.avro.SampleKind;
import io.winnow.schemas.avro.TokenIds;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampleJsonTest {

    private final SampleDecoder decoder = new SampleDecoder();

    private Sample decode(String json) {
        return decoder.decode(utf8(json));
    }

    private SampleDecodingException failure(String json) {
        return catchThrowableOfType(SampleDecodingException.class, () -> decode(json));
    }

    @Test
    void denseFeaturesWithEveryOptionalField() {
        Sample sample = decode("""
                {"id": "s-1", "task": "spam", "kind": "TRAINING", "features": [0.5, -1.25, 3],
                 "label": 1, "votes": [1, -1, 0], "source": {"dataset": "mails", "shard": "7"},
                 "eventTime": 1700000000123}""");

        assertThat(sample).isEqualTo(Fixtures.dense());
        assertThat(sample.getPayload()).isInstanceOf(DenseFeatures.class);
    }

    @Test
    void tokenIds() {
        Sample sample = decode("""
                {"id": "s-2", "task": "news", "kind": "TRUSTED", "tokens": [101, 7, 2048, 102], "label": 3,
                 "eventTime": 1700000000123}""");

        assertThat(sample).isEqualTo(Fixtures.tokens());
        assertThat(((TokenIds) sample.getPayload()).getIds()).containsExactly(101, 7, 2048, 102);
    }

    @Test
    void rawTextWithUnicode() {
        Sample sample = decode("""
                {"id": "s-3", "task": "reviews", "kind": "EVAL", "text": "Très bien, 5 étoiles ✓",
                 "votes": [], "source": {}}""");

        assertThat(sample).isEqualTo(Fixtures.text());
        assertThat(((RawText) sample.getPayload()).getText()).isEqualTo("Très bien, 5 étoiles ✓");
    }

    @Test
    void optionalFieldsDefaultToNullAndEventTimeToTheEpoch() {
        Sample sample = decode("{\"id\": \"a\", \"task\": \"t\", \"kind\": \"TRAINING\", \"tokens\": [1]}");

        assertThat(sample.getLabel()).isNull();
        assertThat(sample.getVotes()).isNull();
        assertThat(sample.getSource()).isNull();
        assertThat(sample.getEventTime()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void explicitNullsCountAsAbsent() {
        Sample sample = decode("""
                {"id": "a", "task": "t", "kind": "TRAINING", "text": "x",
                 "label": null, "votes": null, "source": null, "eventTime": null}""");

        assertThat(sample.getLabel()).isNull();
        assertThat(sample.getVotes()).isNull();
        assertThat(sample.getSource()).isNull();
        assertThat(sample.getEventTime()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void unknownFieldsAreIgnored() {
        Sample sample = decode("""
                {"id": "a", "task": "t", "kind": "TRAINING", "text": "x", "schemaVersion": 7,
                 "extra": {"nested": [1, {"deep": null}]}}""");

        assertThat(sample.getPayload()).isEqualTo(new RawText("x"));
    }

    @Test
    void leadingWhitespaceAndByteOrderMarkAreAccepted() {
        byte[] json = utf8("\uFEFF \n\t{\"id\": \"a\", \"task\": \"t\", \"kind\": \"TRAINING\", \"text\": \"x\"}");

        assertThat(decoder.decode(json).getId()).isEqualTo("a");
    }

    @Test
    void decodingIsDeterministic() {
        String json = "{\"id\": \"a\", \"task\": \"t\", \"kind\": \"TRAINING\", \"features\": [0.1]}";

        assertThat(decode(json)).isEqualTo(decode(json));
        assertThat(((DenseFeatures) decode(json).getPayload()).getValues()).containsExactly(0.1f);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing id           | {"task": "t", "kind": "TRAINING", "text": "x"}                                   | MISSING_FIELD | field 'id' is missing
            null id              | {"id": null, "task": "t", "kind": "TRAINING", "text": "x"}                       | MISSING_FIELD | field 'id' is missing
            empty id             | {"id": "", "task": "t", "kind": "TRAINING", "text": "x"}                         | MISSING_FIELD | field 'id' must not be empty
            numeric id           | {"id": 5, "task": "t", "kind": "TRAINING", "text": "x"}                          | UNDECODABLE   | field 'id' must be a string, got a number
            missing task         | {"id": "a", "kind": "TRAINING", "text": "x"}                                     | MISSING_FIELD | field 'task' is missing
            array task           | {"id": "a", "task": ["t"], "kind": "TRAINING", "text": "x"}                      | UNDECODABLE   | field 'task' must be a string, got an array
            missing kind         | {"id": "a", "task": "t", "text": "x"}                                            | MISSING_FIELD | field 'kind' is missing
            unknown kind         | {"id": "a", "task": "t", "kind": "training", "text": "x"}                        | WRONG_KIND    | field 'kind' must be one of TRAINING, TRUSTED, EVAL, got "training"
            numeric kind         | {"id": "a", "task": "t", "kind": 0, "text": "x"}                                 | UNDECODABLE   | field 'kind' must be a string
            no payload           | {"id": "a", "task": "t", "kind": "TRAINING"}                                     | MISSING_FIELD | one of the fields 'features', 'tokens' or 'text' is required
            two payloads         | {"id": "a", "task": "t", "kind": "TRAINING", "text": "x", "tokens": [1]}         | UNDECODABLE   | exactly one of the fields 'features', 'tokens' or 'text' may be present, got 'tokens' and 'text'
            null payload         | {"id": "a", "task": "t", "kind": "TRAINING", "features": null}                   | UNDECODABLE   | field 'features' must be an array of numbers, got null
            features not array   | {"id": "a", "task": "t", "kind": "TRAINING", "features": "0.1"}                  | UNDECODABLE   | field 'features' must be an array of numbers, got a string
            features with string | {"id": "a", "task": "t", "kind": "TRAINING", "features": [0.1, "2"]}             | UNDECODABLE   | field 'features' must be an array of numbers, element 1 is a string
            features with bool   | {"id": "a", "task": "t", "kind": "TRAINING", "features": [true]}                 | UNDECODABLE   | field 'features' must be an array of numbers, element 0 is a boolean
            feature overflow     | {"id": "a", "task": "t", "kind": "TRAINING", "features": [1, 1e39]}              | NOT_FINITE    | field 'features' element 1 (1.0E39) is not a finite 32-bit float
            feature NaN token    | {"id": "a", "task": "t", "kind": "TRAINING", "features": [NaN]}                  | UNDECODABLE   | malformed JSON at line 1, column 62: Non-standard token 'NaN'
            tokens not array     | {"id": "a", "task": "t", "kind": "TRAINING", "tokens": {"0": 1}}                 | UNDECODABLE   | field 'tokens' must be an array of integers, got an object
            fractional token     | {"id": "a", "task": "t", "kind": "TRAINING", "tokens": [1, 2.5]}                 | UNDECODABLE   | field 'tokens' must be an array of integers, element 1 is a non-integer number (2.5)
            huge token           | {"id": "a", "task": "t", "kind": "TRAINING", "tokens": [3000000000]}             | UNDECODABLE   | field 'tokens' must be an array of integers, element 0 is an integer out of range (3000000000)
            text not string      | {"id": "a", "task": "t", "kind": "TRAINING", "text": ["x"]}                      | UNDECODABLE   | field 'text' must be a string, got an array
            label string         | {"id": "a", "task": "t", "kind": "TRAINING", "text": "x", "label": "1"}          | UNDECODABLE   | field 'label' must be an integer (a class index), got a string
            label fractional     | {"id": "a", "task": "t", "kind": "TRAINING", "text": "x", "label": 1.0}          | UNDECODABLE   | field 'label' must be an integer (a class index), got a non-integer number (1.0)
            votes not array      | {"id": "a", "task": "t", "kind": "TRAINING", "text": "x", "votes": 1}            | UNDECODABLE   | field 'votes' must be an array of integers, got a number
            votes with null      | {"id": "a", "task": "t", "kind": "TRAINING", "text": "x", "votes": [1, null]}    | UNDECODABLE   | field 'votes' must be an array of integers, element 1 is null
            source not object    | {"id": "a", "task": "t", "kind": "TRAINING", "text": "x", "source": ["k"]}       | UNDECODABLE   | field 'source' must be an object with string values, got an array
            source number value  | {"id": "a", "task": "t", "kind": "TRAINING", "text": "x", "source": {"k": 1}}    | UNDECODABLE   | field 'source' must be an object with string values, 'k' is a number
            eventTime string     | {"id": "a", "task": "t", "kind": "TRAINING", "text": "x", "eventTime": "2023"}   | UNDECODABLE   | field 'eventTime' must be an integer (milliseconds since the epoch), got a string
            eventTime fraction   | {"id": "a", "task": "t", "kind": "TRAINING", "text": "x", "eventTime": 1.5}      | UNDECODABLE   | field 'eventTime' must be an integer (milliseconds since the epoch), got a non-integer number (1.5)
            duplicate key        | {"id": "a", "id": "b", "task": "t", "kind": "TRAINING", "text": "x"}             | UNDECODABLE   | malformed JSON at line 1, column 17: Duplicate field 'id'
            trailing content     | {"id": "a", "task": "t", "kind": "TRAINING", "text": "x"} {}                     | UNDECODABLE   | malformed JSON at line 1, column 59: trailing content after the JSON object
            unterminated         | {"id": "a", "task": "t", "kind": "TRAINING", "text": "x"                         | UNDECODABLE   | malformed JSON
            """)
    void errorsNameTheProblem(String name, String json, DeadLetterReason reason, String message) {
        SampleDecodingException e = failure(json);

        assertThat(e).as(name).isNotNull();
        assertThat(e.reason()).as(name).isEqualTo(reason);
        assertThat(e.getMessage()).as(name).startsWith(message);
    }

    @Test
    void errorsAfterTheIdCarryIdAndTask() {
        SampleDecodingException e = failure("{\"id\": \"s-7\", \"task\": \"spam\", \"kind\": \"TRAINING\", \"features\": [\"x\"]}");

        assertThat(e.sampleId()).isEqualTo("s-7");
        assertThat(e.task()).isEqualTo("spam");
        assertThat(failure("{\"task\": \"spam\"}").sampleId()).isNull();
    }

    @Test
    void nonObjectsAndOtherBytesAreUndecodable() {
        for (String input : new String[] {"[1, 2]", "\"text\"", "  42", "", "   ", "null"}) {
            SampleDecodingException e = failure(input);
            assertThat(e).as(input).isNotNull();
            assertThat(e.reason()).as(input).isEqualTo(DeadLetterReason.UNDECODABLE);
        }
        assertThat(failure("[1]").getMessage()).startsWith("neither an Avro single-object message (marker C3 01), a"
                + " schema-registry framed one (magic byte 00) nor a JSON object (leading '{'): starts with 5B 31 5D");
        assertThat(catchThrowableOfType(SampleDecodingException.class, () -> decoder.decode(null)).getMessage())
                .isEqualTo("no value (null message)");
    }

    @Test
    void oversizeInputIsRefusedBeforeParsing() {
        SampleDecoder small = new SampleDecoder(64);
        String json = "{\"id\": \"a\", \"task\": \"t\", \"kind\": \"TRAINING\", \"text\": \"" + "x".repeat(64) + "\"}";

        SampleDecodingException e = catchThrowableOfType(SampleDecodingException.class, () -> small.decode(utf8(json)));

        assertThat(e.reason()).isEqualTo(DeadLetterReason.OVERSIZE);
        assertThat(e.getMessage()).isEqualTo("message of " + utf8(json).length + " bytes exceeds the maximum of 64 bytes");
        // the limit is on bytes, not on validity: garbage over the limit is OVERSIZE too
        assertThat(catchThrowableOfType(SampleDecodingException.class, () -> small.decode(new byte[65])).reason())
                .isEqualTo(DeadLetterReason.OVERSIZE);
        assertThat(new SampleDecoder().maxBytes()).isEqualTo(1 << 20);
    }

    @Test
    void deeplyNestedUnknownFieldsAreRefusedNotOverflowed() {
        String json = "{\"id\": \"a\", \"x\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        SampleDecodingException e = failure(json);

        assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(e.getMessage()).contains("nesting depth");
    }

    @Test
    void jsonAndAvroOfTheSameSampleDecodeEqual() {
        Sample sample = decode("""
                {"id": "s-1", "task": "spam", "kind": "TRAINING", "features": [0.5, -1.25, 3],
                 "label": 1, "votes": [1, -1, 0], "source": {"dataset": "mails", "shard": "7"},
                 "eventTime": 1700000000123}""");

        assertThat(decoder.decode(Codecs.encode(sample))).isEqualTo(sample);
        assertThat(sample.getSource()).isEqualTo(Map.of("dataset", "mails", "shard", "7"));
        assertThat(sample.getKind()).isEqualTo(SampleKind.TRAINING);
    }
}

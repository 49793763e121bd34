package io.winnow.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.jobs.config.JobConfig;
import io.winnow.jobs.config.Settings;
import io.winnow.operator.TaskSample;
import io.winnow.schemas.avro.DeadLetter;
import io.winnow.schemas.avro.DeadLetterReason;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SampleValidatorTest {

    private static final SampleValidator VALIDATOR = validator();

    private static SampleValidator validator() {
        return validator(false);
    }

    private static SampleValidator validator(boolean bounded) {
        Map<String, String> s = new HashMap<>();
        s.put("tasks", "dense,text");
        s.put("task.dense.classes", "3");
        s.put("task.dense.input.dimension", "2");
        s.put("task.dense.labeling-functions", "2");
        s.put("task.text.classes", "2");
        s.put("task.text.model", "text");
        s.put("task.text.text.vocabulary", "50");
        s.put("limits.max-tokens", "6");
        s.put("limits.max-text-chars", "40");
        JobConfig config = JobConfig.from(new Settings(s));
        return new SampleValidator(config.tasks(), config.limits(), config.topics(), bounded);
    }

    private static SampleValidator.Result validate(String topic, String json) {
        RawRecord raw = new RawRecord(topic, 0, 42, 0, "key".getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8));
        return VALIDATOR.validate(raw, Instant.EPOCH);
    }

    private static DeadLetterReason reason(String json) {
        DeadLetter letter = validate("winnow.samples", json).deadLetter();
        assertThat(letter).as(json).isNotNull();
        assertThat(letter.getOffset()).isEqualTo(42);
        return letter.getReason();
    }

    @Test
    void acceptsDenseSamplesWithVotesAndTrustedSamplesOnTheTrustedTopic() {
        TaskSample sample = validate("winnow.samples",
                "{\"id\":\"a\",\"task\":\"dense\",\"kind\":\"TRAINING\",\"features\":[0.5,-1],\"label\":2,\"votes\":[-1,1],\"eventTime\":7}").sample();
        assertThat(sample.example.features()).containsExactly(0.5f, -1f);
        assertThat(sample.example.votes()).containsExactly(-1, 1);
        assertThat(sample.trusted).isFalse();
        assertThat(sample.eventTime).isEqualTo(7);
        TaskSample trusted = validate("winnow.trusted",
                "{\"id\":\"b\",\"task\":\"dense\",\"kind\":\"TRUSTED\",\"features\":[0,0],\"label\":0}").sample();
        assertThat(trusted.trusted).isTrue();
    }

    @Test
    void tokenizesRawTextAndChecksTokenIds() {
        TaskSample text = validate("winnow.samples",
                "{\"id\":\"t\",\"task\":\"text\",\"kind\":\"TRAINING\",\"text\":\"Win a FREE prize, win!\",\"label\":1}").sample();
        assertThat(text.example.tokens()).hasSize(5);
        for (int id : text.example.tokens()) {
            assertThat(id).isBetween(1, 49);
        }
        assertThat(text.example.tokens()[0]).isEqualTo(text.example.tokens()[4]);
        assertThat(validate("winnow.samples",
                "{\"id\":\"t\",\"task\":\"text\",\"kind\":\"TRAINING\",\"tokens\":[3,9],\"label\":1}").sample().example.tokens())
                .containsExactly(3, 9);
        assertThat(reason("{\"id\":\"t\",\"task\":\"text\",\"kind\":\"TRAINING\",\"tokens\":[3,50],\"label\":1}"))
                .isEqualTo(DeadLetterReason.TOKEN_OUT_OF_RANGE);
        assertThat(reason("{\"id\":\"t\",\"task\":\"text\",\"kind\":\"TRAINING\",\"tokens\":[0],\"label\":1}"))
                .isEqualTo(DeadLetterReason.TOKEN_OUT_OF_RANGE);
        assertThat(reason("{\"id\":\"t\",\"task\":\"text\",\"kind\":\"TRAINING\",\"tokens\":[1,2,3,4,5,6,7],\"label\":1}"))
                .isEqualTo(DeadLetterReason.OVERSIZE);
        assertThat(reason("{\"id\":\"t\",\"task\":\"text\",\"kind\":\"TRAINING\",\"text\":\"" + "x".repeat(41) + "\",\"label\":1}"))
                .isEqualTo(DeadLetterReason.OVERSIZE);
        assertThat(reason("{\"id\":\"t\",\"task\":\"text\",\"kind\":\"TRAINING\",\"text\":\"?!\",\"label\":1}"))
                .isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(reason("{\"id\":\"t\",\"task\":\"text\",\"kind\":\"TRAINING\",\"features\":[1,2],\"label\":1}"))
                .isEqualTo(DeadLetterReason.WRONG_DIMENSION);
    }

    @Test
    void refusesEachKindOfUnusableRecordWithItsReason() {
        assertThat(reason("{\"id\":\"a\",\"task\":\"dense\",\"kind\":\"TRAINING\",\"features\":[1],\"label\":1}"))
                .isEqualTo(DeadLetterReason.WRONG_DIMENSION);
        assertThat(reason("{\"id\":\"a\",\"task\":\"dense\",\"kind\":\"TRAINING\",\"features\":[1,2],\"label\":3}"))
                .isEqualTo(DeadLetterReason.LABEL_OUT_OF_RANGE);
        assertThat(reason("{\"id\":\"a\",\"task\":\"dense\",\"kind\":\"TRAINING\",\"features\":[1,2]}"))
                .isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(reason("{\"id\":\"a\",\"task\":\"dense\",\"kind\":\"TRAINING\",\"features\":[1,2],\"label\":1,\"votes\":[1]}"))
                .isEqualTo(DeadLetterReason.VOTE_OUT_OF_RANGE);
        assertThat(reason("{\"id\":\"a\",\"task\":\"dense\",\"kind\":\"TRAINING\",\"features\":[1,2],\"label\":1,\"votes\":[1,3]}"))
                .isEqualTo(DeadLetterReason.VOTE_OUT_OF_RANGE);
        assertThat(reason("{\"id\":\"a\",\"task\":\"nope\",\"kind\":\"TRAINING\",\"features\":[1,2],\"label\":1}"))
                .isEqualTo(DeadLetterReason.UNKNOWN_TASK);
        assertThat(reason("{\"id\":\"a\",\"task\":\"dense\",\"kind\":\"EVAL\",\"features\":[1,2],\"label\":1}"))
                .isEqualTo(DeadLetterReason.WRONG_KIND);
        assertThat(reason("not json")).isEqualTo(DeadLetterReason.UNDECODABLE);
        DeadLetter letter = validate("winnow.samples",
                "{\"id\":\"a\",\"task\":\"dense\",\"kind\":\"TRAINING\",\"features\":[1,2],\"label\":9}").deadLetter();
        assertThat(letter.getSampleId()).isEqualTo("a");
        assertThat(letter.getTask()).isEqualTo("dense");
        assertThat(StandardCharsets.UTF_8.decode(letter.getOriginalValue()).toString()).contains("\"label\":9");
        assertThat(letter.getDetail()).contains("label 9");
    }

    @Test
    void holdsOutEvalSamplesOnTheTrustedTopicOnlyInBoundedRuns() {
        SampleValidator bounded = validator(true);
        RawRecord eval = new RawRecord("winnow.trusted", 0, 1, 0, null, ("{\"id\":\"e\",\"task\":\"dense\",\"kind\":\"EVAL\","
                + "\"features\":[1,2]}").getBytes(StandardCharsets.UTF_8));
        TaskSample sample = bounded.validate(eval, Instant.EPOCH).sample();
        assertThat(sample.evaluation).isTrue();
        assertThat(sample.trusted).isFalse();
        assertThat(VALIDATOR.validate(eval, Instant.EPOCH).deadLetter().getReason()).isEqualTo(DeadLetterReason.WRONG_KIND);
        RawRecord evalOnSamples = new RawRecord("winnow.samples", 0, 2, 0, null, ("{\"id\":\"e\",\"task\":\"dense\","
                + "\"kind\":\"EVAL\",\"features\":[1,2],\"label\":1}").getBytes(StandardCharsets.UTF_8));
        assertThat(bounded.validate(evalOnSamples, Instant.EPOCH).deadLetter().getReason()).isEqualTo(DeadLetterReason.WRONG_KIND);
    }
}

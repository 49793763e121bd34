package io.winnow.jobs.ingest;

import io.winnow.jobs.config.InputLimits;
import io.winnow.jobs.config.TaskSpec;
import io.winnow.jobs.config.TopicNames;
import io.winnow.operator.TaskSample;
import io.winnow.sama.Example;
import io.winnow.sama.ExampleRules;
import io.winnow.sama.model.InputKind;
import io.winnow.sama.model.InputSpec;
import io.winnow.schemas.DeadLetters;
import io.winnow.schemas.RegistryEndpoint;
import io.winnow.schemas.SampleDecoder;
import io.winnow.schemas.SampleDecodingException;
import io.winnow.schemas.avro.DeadLetter;
import io.winnow.schemas.avro.DeadLetterReason;
import io.winnow.schemas.avro.DenseFeatures;
import io.winnow.schemas.avro.RawText;
import io.winnow.schemas.avro.Sample;
import io.winnow.schemas.avro.SampleKind;
import io.winnow.schemas.avro.TokenIds;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes a raw Kafka record and checks it against its task: known task, kind matching the topic,
 * label and votes in range, payload of the task's kind and size, finite features, token ids in the
 * vocabulary, and the size limits. A record that fails becomes a {@link DeadLetter} carrying the
 * original bytes, coordinates and the reason; nothing is dropped silently.
 */
@Internal
public final class SampleValidator implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, TaskSpec> tasks;
    private final InputLimits limits;
    private final TopicNames topics;
    private final boolean acceptEvaluation;
    private final SampleDecoder decoder;

    /**
     * @param acceptEvaluation whether EVAL samples on the trusted topic are held out for the final
     *     model (bounded runs); otherwise they are dead letters (a continuous job never ends)
     */
    public SampleValidator(Map<String, TaskSpec> tasks, InputLimits limits, TopicNames topics, boolean acceptEvaluation) {
        this(tasks, limits, topics, acceptEvaluation, null);
    }

    /** @param registry where registry-framed samples find their writer schemas (null: no registry) */
    public SampleValidator(Map<String, TaskSpec> tasks, InputLimits limits, TopicNames topics, boolean acceptEvaluation,
            RegistryEndpoint registry) {
        this.tasks = Map.copyOf(tasks);
        this.limits = limits;
        this.topics = topics;
        this.acceptEvaluation = acceptEvaluation;
        this.decoder = new SampleDecoder(limits.maxRecordBytes(), registry);
    }

    /** The outcome of validating one record: exactly one of the two is non-null. */
    public record Result(TaskSample sample, DeadLetter deadLetter) {}

    public Result validate(RawRecord raw, Instant now) {
        Sample sample;
        try {
            sample = decoder.decode(raw.value);
        } catch (SampleDecodingException e) {
            return new Result(null, DeadLetters.of(raw.key, raw.value, raw.topic, raw.partition, raw.offset, e, now));
        }
        try {
            return new Result(check(sample, raw.topic), null);
        } catch (Rejection rejection) {
            return new Result(null, DeadLetters.of(raw.key, raw.value, raw.topic, raw.partition, raw.offset,
                    rejection.reason(), rejection.getMessage(), sample.getTask(), sample.getId(), now));
        }
    }

    private TaskSample check(Sample sample, String topic) throws Rejection {
        TaskSpec task = tasks.get(sample.getTask());
        if (task == null) {
            throw new Rejection(DeadLetterReason.UNKNOWN_TASK,
                    "task '" + sample.getTask() + "' is not configured (known: " + tasks.keySet() + ")");
        }
        SampleKind kind = kindFor(topic, sample.getKind());
        // Held-out samples and the pretraining text of a continued-pretraining task may come without a label.
        boolean labelOptional = kind == SampleKind.EVAL || (kind == SampleKind.TRAINING && task.continuedPretraining());
        int label = labelOptional && sample.getLabel() == null ? Example.NO_LABEL : label(sample, task);
        int[] votes = votes(sample.getVotes(), task);
        InputSpec input = task.input();
        Example example = input.kind() == InputKind.DENSE
                ? new Example(sample.getId(), features(sample.getPayload(), input), null, label, votes)
                : new Example(sample.getId(), null, tokens(sample.getPayload(), input), label, votes);
        Instant eventTime = sample.getEventTime();
        long millis = eventTime == null ? 0 : eventTime.toEpochMilli();
        return kind == SampleKind.EVAL
                ? TaskSample.evaluation(task.name(), example, millis)
                : TaskSample.of(task.name(), kind == SampleKind.TRUSTED, example, millis);
    }

    /** The sample's kind, which must match the topic it came from. */
    private SampleKind kindFor(String topic, SampleKind kind) throws Rejection {
        boolean trustedTopic = topic.equals(topics.trusted());
        boolean fits = trustedTopic
                ? kind == SampleKind.TRUSTED || (kind == SampleKind.EVAL && acceptEvaluation)
                : kind == SampleKind.TRAINING;
        if (!fits) {
            String carries = trustedTopic ? (acceptEvaluation ? "TRUSTED and EVAL" : "TRUSTED") : "TRAINING";
            throw new Rejection(DeadLetterReason.WRONG_KIND, "a " + kind + " sample on topic " + topic + ", which carries "
                    + carries + " samples" + (kind == SampleKind.EVAL ? " (EVAL samples are read by bounded runs, on the trusted topic)" : ""));
        }
        return kind;
    }

    private static int label(Sample sample, TaskSpec task) throws Rejection {
        Integer label = sample.getLabel();
        if (label == null) {
            throw new Rejection(DeadLetterReason.MISSING_FIELD, "a " + sample.getKind() + " sample needs a label");
        }
        Optional<String> breach = ExampleRules.label(label, task.numClasses());
        if (breach.isPresent()) {
            throw new Rejection(DeadLetterReason.LABEL_OUT_OF_RANGE, breach.get() + " of task " + task.name());
        }
        return label;
    }

    private int[] votes(List<Integer> votes, TaskSpec task) throws Rejection {
        if (votes == null || votes.isEmpty()) {
            return null;
        }
        if (votes.size() > limits.maxVotes()) {
            throw new Rejection(DeadLetterReason.OVERSIZE, votes.size() + " votes exceed the limit of " + limits.maxVotes());
        }
        Optional<String> count = ExampleRules.voteCount(votes.size(), task.labelingFunctions());
        if (count.isPresent()) {
            throw new Rejection(DeadLetterReason.VOTE_OUT_OF_RANGE, count.get() + " (task " + task.name() + ")");
        }
        int[] out = new int[votes.size()];
        for (int i = 0; i < out.length; i++) {
            int vote = votes.get(i);
            Optional<String> breach = ExampleRules.vote(i, vote, task.numClasses());
            if (breach.isPresent()) {
                throw new Rejection(DeadLetterReason.VOTE_OUT_OF_RANGE, breach.get());
            }
            out[i] = vote;
        }
        return out;
    }

    private float[] features(Object payload, InputSpec input) throws Rejection {
        if (!(payload instanceof DenseFeatures dense)) {
            throw new Rejection(DeadLetterReason.WRONG_DIMENSION,
                    "the task expects dense features of dimension " + input.size() + ", got " + describe(payload));
        }
        List<Float> values = dense.getValues();
        if (values.size() > limits.maxFeatures()) {
            throw new Rejection(DeadLetterReason.OVERSIZE, values.size() + " features exceed the limit of " + limits.maxFeatures());
        }
        if (values.size() != input.size()) {
            throw new Rejection(DeadLetterReason.WRONG_DIMENSION,
                    values.size() + " features, the task expects " + input.size());
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            float value = values.get(i);
            if (!Float.isFinite(value)) {
                throw new Rejection(DeadLetterReason.NOT_FINITE, "feature " + i + " is " + value);
            }
            out[i] = value;
        }
        return out;
    }

    private int[] tokens(Object payload, InputSpec input) throws Rejection {
        int[] ids;
        if (payload instanceof TokenIds tokenIds) {
            List<Integer> list = tokenIds.getIds();
            if (list.size() > limits.maxTokens()) {
                throw new Rejection(DeadLetterReason.OVERSIZE, list.size() + " tokens exceed the limit of " + limits.maxTokens());
            }
            ids = new int[list.size()];
            for (int i = 0; i < ids.length; i++) {
                int id = list.get(i);
                if (id < 1 || id >= input.vocabularySize()) {
                    throw new Rejection(DeadLetterReason.TOKEN_OUT_OF_RANGE, "token " + i + " is " + id
                            + ", outside [1, " + input.vocabularySize() + ") (0 is padding)");
                }
                ids[i] = id;
            }
        } else if (payload instanceof RawText text) {
            if (text.getText().length() > limits.maxTextChars()) {
                throw new Rejection(DeadLetterReason.OVERSIZE,
                        text.getText().length() + " characters exceed the limit of " + limits.maxTextChars());
            }
            ids = HashingTokenizer.tokenize(text.getText(), input.vocabularySize(), limits.maxTokens());
        } else {
            throw new Rejection(DeadLetterReason.WRONG_DIMENSION, "the task expects token ids or text, got " + describe(payload));
        }
        if (ids.length == 0) {
            throw new Rejection(DeadLetterReason.MISSING_FIELD, "the sample has no tokens");
        }
        return ids;
    }

    private static String describe(Object payload) {
        if (payload instanceof DenseFeatures dense) {
            return "dense features (" + dense.getValues().size() + ")";
        }
        if (payload instanceof TokenIds tokens) {
            return "token ids (" + tokens.getIds().size() + ")";
        }
        return payload instanceof RawText ? "raw text" : String.valueOf(payload);
    }
}

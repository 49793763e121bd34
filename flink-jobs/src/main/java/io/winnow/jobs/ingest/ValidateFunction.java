package io.winnow.jobs.ingest;

import io.winnow.jobs.output.KafkaMessage;
import io.winnow.jobs.output.OutputFraming;
import io.winnow.operator.TaskSample;
import io.winnow.schemas.AvroTrust;
import io.winnow.schemas.DeadLetters;
import io.winnow.schemas.avro.DeadLetterReason;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Validation as a Flink step: good samples go on, dead letters (encoded) to a side output. */
@Internal
public final class ValidateFunction extends ProcessFunction<RawRecord, TaskSample> {

    private static final Logger LOG = LoggerFactory.getLogger(ValidateFunction.class);

    public static final OutputTag<KafkaMessage> DEAD_LETTERS =
            new OutputTag<>("winnow-dead-letters", TypeInformation.of(KafkaMessage.class));
    private static final long serialVersionUID = 1L;

    private final SampleValidator validator;
    private final OutputFraming framing;
    private final boolean bounded;
    private final String stream;
    private transient Counter accepted;
    private transient Counter rejected;
    private transient MetricGroup winnow;
    private transient Map<DeadLetterReason, Counter> rejectedByReason;
    private transient LongCounter acceptedInJob;
    private transient LongCounter rejectedInJob;
    private transient DeadLetterAlarm alarm;

    /**
     * @param framing how dead letters are written
     * @param bounded whether the input ends (a replay): only then is its end worth an alarm
     * @param stream the validated stream's name ({@link IntakeTally#TRAINING} for the samples to
     *     curate), which names its accumulators: the job's result then says what got through
     */
    public ValidateFunction(SampleValidator validator, OutputFraming framing, boolean bounded, String stream) {
        this.validator = validator;
        this.framing = framing;
        this.bounded = bounded;
        this.stream = stream;
    }

    @Override
    public void open(OpenContext context) {
        // TaskManagers started without -Dorg.apache.avro.SERIALIZABLE_PACKAGES would refuse our classes.
        AvroTrust.trustGeneratedClasses();
        accepted = getRuntimeContext().getMetricGroup().counter("samplesAccepted");
        rejected = getRuntimeContext().getMetricGroup().counter("samplesDeadLettered");
        // Per reason under winnow.reason = <REASON> (a "reason" label in Prometheus), created on first use.
        winnow = getRuntimeContext().getMetricGroup().addGroup("winnow");
        rejectedByReason = new EnumMap<>(DeadLetterReason.class);
        acceptedInJob = new LongCounter();
        rejectedInJob = new LongCounter();
        getRuntimeContext().addAccumulator(String.format(IntakeTally.ACCEPTED, stream), acceptedInJob);
        getRuntimeContext().addAccumulator(String.format(IntakeTally.DEAD_LETTERED, stream), rejectedInJob);
    }

    @Override
    public void processElement(RawRecord raw, Context context, Collector<TaskSample> out) {
        Instant now = Instant.now();
        SampleValidator.Result result = validator.validate(raw, now);
        if (result.sample() != null) {
            accepted.inc();
            acceptedInJob.add(1);
            alarm(raw).accepted().ifPresent(LOG::warn);
            out.collect(result.sample());
        } else {
            rejected.inc();
            rejectedByReason.computeIfAbsent(result.deadLetter().getReason(),
                    reason -> winnow.addGroup("reason", reason.name()).counter("deadLetters")).inc();
            rejectedInJob.add(1);
            alarm(raw).rejected(result.deadLetter().getReason()
                    + (result.deadLetter().getDetail() == null ? "" : ", " + result.deadLetter().getDetail())).ifPresent(LOG::warn);
            context.output(DEAD_LETTERS, new KafkaMessage(DeadLetters.kafkaKey(result.deadLetter()),
                    framing.encode(result.deadLetter()), now.toEpochMilli()));
        }
    }

    private DeadLetterAlarm alarm(RawRecord raw) {
        if (alarm == null) {
            alarm = new DeadLetterAlarm(raw.topic + " (validation subtask "
                    + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + ")");
        }
        return alarm;
    }

    @Override
    public void close() {
        // A bounded input (a replay) ends here: a run that curated nothing must not end quietly. (close()
        // also runs on cancel and failover, when nothing has ended.)
        if (bounded && alarm != null) {
            alarm.atEnd().ifPresent(LOG::error);
        }
    }
}

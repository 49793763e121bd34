package io.winnow.benchmarks.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one child JVM measured for one (model, method) pair. Memory in bytes (-1 where the
 * platform does not report it), times in milliseconds.
 *
 * @param timedSteps base steps in the timed part
 * @param metaSteps meta steps that ran inside the timed part
 * @param seconds wall time of the timed part
 * @param samplesPerSecond timedSteps · batch / seconds, meta steps included
 * @param baseStepMillis median time of a train() call without a meta step
 * @param metaStepMillis mean extra time of a train() call that ran a meta step, over the median base step
 * @param heapPeakBytes sum of the JVM heap pools' peak usages during the timed part
 * @param rssBaselineBytes the native baseline: RSS after engine start-up, a warm-up trainer (a tiny
 *     model of the same kind running the same method, which loads the kernels and TorchScript
 *     modules the method needs) and data generation, before the measured trainer exists; the
 *     child's heap is fixed and pre-touched, so it is part of this baseline
 * @param rssBeforeTimedBytes RSS after the measured trainer's warm-up steps and a GC, right before the timed part
 * @param rssPeakBytes peak RSS (VmHWM) over the timed part (over the whole process when
 *     {@code peakResetSupported} is false)
 * @param peakResetSupported whether VmHWM could be reset at the start of the timed part
 * @param baseParameters number of θ elements
 * @param metaParameters number of λ elements
 * @param skippedUpdates base or meta updates skipped for non-finite values (should be 0)
 */
record BenchmarkResult(
        String model,
        String method,
        int round,
        int batchSize,
        int unroll,
        int threads,
        int warmupSteps,
        int timedSteps,
        long metaSteps,
        double seconds,
        double samplesPerSecond,
        double baseStepMillis,
        double metaStepMillis,
        long heapPeakBytes,
        long rssBaselineBytes,
        long rssBeforeTimedBytes,
        long rssPeakBytes,
        boolean peakResetSupported,
        long baseParameters,
        long metaParameters,
        long skippedUpdates) {

    static final String KIND = "winnow-engine-benchmark-run";

    /**
     * Native peak memory of training: peak RSS above the baseline, i.e. θ, optimizer state, EMA, λ,
     * the steps' working memory and whatever the native allocator keeps of it.
     */
    long nativePeakAboveBaselineBytes() {
        return rssPeakBytes < 0 || rssBaselineBytes < 0 ? -1 : Math.max(0, rssPeakBytes - rssBaselineBytes);
    }

    /** Peak RSS above the RSS right before the timed part: what the steps needed beyond the warmed-up steady state. */
    long stepWorkingSetBytes() {
        return rssPeakBytes < 0 || rssBeforeTimedBytes < 0 ? -1 : Math.max(0, rssPeakBytes - rssBeforeTimedBytes);
    }

    /** The worker's output line: one flat JSON object. */
    String toJsonLine() {
        return BenchmarkJson.write(writeFields(BenchmarkJson.object()), false);
    }

    ObjectNode writeFields(ObjectNode json) {
        json.put("kind", KIND)
                .put("model", model)
                .put("method", method)
                .put("round", round)
                .put("batchSize", batchSize)
                .put("unroll", unroll)
                .put("threads", threads)
                .put("warmupSteps", warmupSteps)
                .put("timedSteps", timedSteps)
                .put("metaSteps", metaSteps);
        BenchmarkJson.putMeasurement(json, "seconds", seconds);
        BenchmarkJson.putMeasurement(json, "samplesPerSecond", samplesPerSecond);
        BenchmarkJson.putMeasurement(json, "baseStepMillis", baseStepMillis);
        BenchmarkJson.putMeasurement(json, "metaStepMillis", metaStepMillis);
        return json.put("heapPeakBytes", heapPeakBytes)
                .put("rssBaselineBytes", rssBaselineBytes)
                .put("rssBeforeTimedBytes", rssBeforeTimedBytes)
                .put("rssPeakBytes", rssPeakBytes)
                .put("nativePeakAboveBaselineBytes", nativePeakAboveBaselineBytes())
                .put("stepWorkingSetBytes", stepWorkingSetBytes())
                .put("peakResetSupported", peakResetSupported)
                .put("baseParameters", baseParameters)
                .put("metaParameters", metaParameters)
                .put("skippedUpdates", skippedUpdates);
    }

    static BenchmarkResult fromJson(JsonNode fields) {
        if (!KIND.equals(fields.path("kind").asText(null))) {
            throw new IllegalArgumentException("not a benchmark run: " + fields);
        }
        return new BenchmarkResult(
                text(fields, "model"),
                text(fields, "method"),
                (int) whole(fields, "round"),
                (int) whole(fields, "batchSize"),
                (int) whole(fields, "unroll"),
                (int) whole(fields, "threads"),
                (int) whole(fields, "warmupSteps"),
                (int) whole(fields, "timedSteps"),
                whole(fields, "metaSteps"),
                number(fields, "seconds"),
                number(fields, "samplesPerSecond"),
                number(fields, "baseStepMillis"),
                number(fields, "metaStepMillis"),
                whole(fields, "heapPeakBytes"),
                whole(fields, "rssBaselineBytes"),
                whole(fields, "rssBeforeTimedBytes"),
                whole(fields, "rssPeakBytes"),
                fields.path("peakResetSupported").asBoolean(false),
                whole(fields, "baseParameters"),
                whole(fields, "metaParameters"),
                whole(fields, "skippedUpdates"));
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("field " + name + " missing or not a string in " + fields);
        }
        return value.asText();
    }

    /** A number, or NaN where the writer put null (not measured). */
    private static double number(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        if (value != null && value.isNull()) {
            return Double.NaN;
        }
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("field " + name + " missing or not a number in " + fields);
        }
        return value.asDouble();
    }

    private static long whole(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        if (value == null || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("field " + name + " missing or not a whole number in " + fields);
        }
        return value.asLong();
    }
}

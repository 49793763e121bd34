package io.winnow.benchmarks.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The rounds of one (model, method) pair combined: throughput as median, min and max; every other
 * figure as the median over the rounds. Memory in MiB.
 */
record PairSummary(
        String model,
        String method,
        int runs,
        double samplesPerSecondMedian,
        double samplesPerSecondMin,
        double samplesPerSecondMax,
        double baseStepMillis,
        double metaStepMillis,
        double heapPeakMib,
        double nativePeakAboveBaselineMib,
        double stepWorkingSetMib,
        double rssPeakMib) {

    private static final double MIB = 1024.0 * 1024.0;

    static PairSummary of(String model, String method, List<BenchmarkResult> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs for " + model + "/" + method);
        }
        double[] throughput = values(runs, BenchmarkResult::samplesPerSecond);
        return new PairSummary(
                model,
                method,
                runs.size(),
                median(throughput),
                Arrays.stream(throughput).min().orElseThrow(),
                Arrays.stream(throughput).max().orElseThrow(),
                median(values(runs, BenchmarkResult::baseStepMillis)),
                median(values(runs, BenchmarkResult::metaStepMillis)),
                median(values(runs, run -> mib(run.heapPeakBytes()))),
                median(values(runs, run -> mib(run.nativePeakAboveBaselineBytes()))),
                median(values(runs, run -> mib(run.stepWorkingSetBytes()))),
                median(values(runs, run -> mib(run.rssPeakBytes()))));
    }

    ObjectNode writeFields(ObjectNode json) {
        json.put("model", model).put("method", method).put("runs", runs);
        BenchmarkJson.putMeasurement(json, "samplesPerSecondMedian", samplesPerSecondMedian);
        BenchmarkJson.putMeasurement(json, "samplesPerSecondMin", samplesPerSecondMin);
        BenchmarkJson.putMeasurement(json, "samplesPerSecondMax", samplesPerSecondMax);
        BenchmarkJson.putMeasurement(json, "baseStepMillis", baseStepMillis);
        BenchmarkJson.putMeasurement(json, "metaStepMillis", metaStepMillis);
        BenchmarkJson.putMeasurement(json, "heapPeakMib", heapPeakMib);
        BenchmarkJson.putMeasurement(json, "nativePeakAboveBaselineMib", nativePeakAboveBaselineMib);
        BenchmarkJson.putMeasurement(json, "stepWorkingSetMib", stepWorkingSetMib);
        return BenchmarkJson.putMeasurement(json, "rssPeakMib", rssPeakMib);
    }

    /** Bytes to MiB; unknown (negative) stays NaN so it never looks like a measurement. */
    private static double mib(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / MIB;
    }

    private static double[] values(List<BenchmarkResult> runs, ToDoubleFunction<BenchmarkResult> field) {
        return runs.stream().mapToDouble(field).toArray();
    }

    static double median(double[] values) {
        List<Double> known = new ArrayList<>();
        for (double value : values) {
            if (!Double.isNaN(value)) {
                known.add(value);
            }
        }
        if (known.isEmpty()) {
            return Double.NaN;
        }
        known.sort(null);
        int middle = known.size() / 2;
        return known.size() % 2 == 1 ? known.get(middle) : (known.get(middle - 1) + known.get(middle)) / 2;
    }
}

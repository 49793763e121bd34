package io.winnow.benchmarks.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.winnow.sama.hyper.HypergradientSpec.Method;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * One target of the engine: a ratio of two methods' figures on one model, its target, and whether
 * it was met. A ratio whose methods were not both measured is left out.
 *
 * @param atLeast true when the ratio must reach the target, false when it must stay at or below it
 */
record RatioCheck(String model, String name, double value, double target, boolean atLeast) {

    boolean pass() {
        return atLeast ? value >= target : value <= target;
    }

    String verdict() {
        return Double.isNaN(value) ? "n/a" : pass() ? "PASS" : "MISS";
    }

    String targetText() {
        return (atLeast ? "≥ " : "≤ ") + target;
    }

    /** The engine's targets, for each model whose pairs were measured. */
    static List<RatioCheck> evaluate(List<PairSummary> pairs) {
        List<RatioCheck> checks = new ArrayList<>();
        for (String model : pairs.stream().map(PairSummary::model).distinct().toList()) {
            ratio(pairs, model, "SAMA/finetune throughput", Method.SAMA, Method.FINETUNE,
                    PairSummary::samplesPerSecondMedian, 0.85, true).ifPresent(checks::add);
            ratio(pairs, model, "SAMA/Neumann throughput", Method.SAMA, Method.NEUMANN,
                    PairSummary::samplesPerSecondMedian, 1.7, true).ifPresent(checks::add);
            ratio(pairs, model, "SAMA/finetune native peak memory", Method.SAMA, Method.FINETUNE,
                    PairSummary::nativePeakAboveBaselineMib, 1.2, false).ifPresent(checks::add);
        }
        return checks;
    }

    private static Optional<RatioCheck> ratio(List<PairSummary> pairs, String model, String name, Method numerator,
            Method denominator, ToDoubleFunction<PairSummary> field, double target, boolean atLeast) {
        Optional<PairSummary> top = find(pairs, model, numerator);
        Optional<PairSummary> bottom = find(pairs, model, denominator);
        if (top.isEmpty() || bottom.isEmpty()) {
            return Optional.empty();
        }
        double value = field.applyAsDouble(top.get()) / field.applyAsDouble(bottom.get());
        return Optional.of(new RatioCheck(model, name, value, target, atLeast));
    }

    private static Optional<PairSummary> find(List<PairSummary> pairs, String model, Method method) {
        return pairs.stream().filter(p -> p.model().equals(model) && p.method().equals(method.name())).findFirst();
    }

    ObjectNode writeFields(ObjectNode json) {
        json.put("model", model).put("name", name);
        BenchmarkJson.putMeasurement(json, "value", value);
        return json.put("target", target).put("comparison", atLeast ? ">=" : "<=").put("verdict", verdict());
    }
}

package io.winnow.benchmarks.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one benchmark run produced: the workload, every child's result, the failures, the
 * per-pair summaries and the target checks; and its JSON form.
 */
record EngineBenchmarkReport(
        Workload workload,
        int rounds,
        List<String> models,
        List<String> methods,
        List<BenchmarkResult> runs,
        List<String> failures,
        List<PairSummary> pairs,
        List<RatioCheck> checks,
        double wallSeconds,
        boolean quick) {

    /** Summaries in the order of models and methods asked for, and the checks on them. */
    static EngineBenchmarkReport of(Workload workload, int rounds, List<String> models, List<String> methods,
            List<BenchmarkResult> runs, List<String> failures, double wallSeconds, boolean quick) {
        Map<String, List<BenchmarkResult>> byPair = new TreeMap<>();
        for (BenchmarkResult run : runs) {
            byPair.computeIfAbsent(run.model() + "/" + run.method(), key -> new ArrayList<>()).add(run);
        }
        List<PairSummary> pairs = new ArrayList<>();
        for (String model : models) {
            for (String method : methods) {
                List<BenchmarkResult> pairRuns = byPair.get(model + "/" + method);
                if (pairRuns != null) {
                    pairs.add(PairSummary.of(model, method, pairRuns));
                }
            }
        }
        return new EngineBenchmarkReport(workload, rounds, List.copyOf(models), List.copyOf(methods), List.copyOf(runs),
                List.copyOf(failures), List.copyOf(pairs), RatioCheck.evaluate(pairs), wallSeconds, quick);
    }

    String toJson(boolean pretty) {
        ObjectNode json = BenchmarkJson.object()
                .put("benchmark", "winnow-engine")
                .put("workload", workload.describe())
                .put("options", String.join(" ", workload.toArgs()))
                .put("quick", quick)
                .put("rounds", rounds);
        BenchmarkJson.putMeasurement(json, "wallSeconds", wallSeconds);
        json.putObject("environment")
                .put("java", System.getProperty("java.version"))
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"))
                .put("availableProcessors", Runtime.getRuntime().availableProcessors());
        ArrayNode summary = json.putArray("summary");
        pairs.forEach(pair -> pair.writeFields(summary.addObject()));
        ArrayNode targets = json.putArray("targets");
        checks.forEach(check -> check.writeFields(targets.addObject()));
        ArrayNode runList = json.putArray("runs");
        runs.forEach(run -> run.writeFields(runList.addObject()));
        ArrayNode failureList = json.putArray("failures");
        failures.forEach(failureList::add);
        return BenchmarkJson.write(json, pretty);
    }
}

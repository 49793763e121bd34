package io.winnow.benchmarks.engine;

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
        JsonWriter json = new JsonWriter(pretty).beginObject();
        json.field("benchmark", "winnow-engine");
        json.field("workload", workload.describe());
        json.field("options", String.join(" ", workload.toArgs()));
        json.field("quick", quick);
        json.field("rounds", rounds);
        json.field("wallSeconds", wallSeconds);
        json.name("environment").beginObject()
                .field("java", System.getProperty("java.version"))
                .field("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"))
                .field("availableProcessors", Runtime.getRuntime().availableProcessors())
                .endObject();
        json.name("summary").beginArray();
        for (PairSummary pair : pairs) {
            json.beginObject();
            pair.writeFields(json);
            json.endObject();
        }
        json.endArray();
        json.name("targets").beginArray();
        for (RatioCheck check : checks) {
            json.beginObject();
            check.writeFields(json);
            json.endObject();
        }
        json.endArray();
        json.name("runs").beginArray();
        for (BenchmarkResult run : runs) {
            json.beginObject();
            run.writeFields(json);
            json.endObject();
        }
        json.endArray();
        json.name("failures").beginArray();
        failures.forEach(json::value);
        json.endArray();
        return json.endObject().toString();
    }
}

package io.winnow.benchmarks.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The engine benchmark: training throughput and peak memory of every hypergradient method on the
 * MLP and the Transformer text model, on the same generated data, each run in its own child JVM
 * ({@link BenchmarkWorker}), several rounds interleaved. Prints a table with the engine's targets
 * (SAMA/finetune throughput ≥ 0.85, SAMA/Neumann ≥ 1.7, SAMA peak memory ≤ 1.2 × finetune), then
 * the JSON report, which also goes to {@code --json}. {@code --help} lists the options.
 *
 * <p>Exit status: 0 when every run produced a result (targets missed or not), 1 when some run
 * failed, 2 for a bad command line.
 */
public final class EngineBenchmark {

    private EngineBenchmark() {}

    public static void main(String[] args) {
        EngineBenchmarkOptions options;
        try {
            options = EngineBenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("engine benchmark: " + e.getMessage() + "\n" + EngineBenchmarkOptions.usage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(EngineBenchmarkOptions.usage());
            return;
        }
        EngineBenchmarkReport report = run(options, System.out, System.err);
        System.exit(report.failures().isEmpty() ? 0 : 1);
    }

    /** Runs every case, prints the table and the JSON to {@code out}, progress to {@code log}, writes the JSON file. */
    static EngineBenchmarkReport run(EngineBenchmarkOptions options, PrintStream out, PrintStream log) {
        WorkerLauncher launcher = WorkerLauncher.current(options.childHeap(), options.childTimeoutSeconds());
        List<BenchmarkCase> cases = options.schedule();
        List<BenchmarkResult> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        log.println("method order within each round: " + (options.order() == EngineBenchmarkOptions.Order.SHUFFLE
                ? "shuffled (--order-seed " + options.orderSeed() + ")" : "rotated"));
        for (int i = 0; i < cases.size(); i++) {
            BenchmarkCase benchmarkCase = cases.get(i);
            long caseStarted = System.nanoTime();
            try {
                BenchmarkResult result = launcher.run(benchmarkCase);
                results.add(result);
                log.printf(Locale.ROOT, "[%d/%d] %-40s %9.1f samples/s  native +%.1f MB  (%.0f s)%n", i + 1,
                        cases.size(), benchmarkCase.label(), result.samplesPerSecond(),
                        result.nativePeakAboveBaselineBytes() / 1048576.0, (System.nanoTime() - caseStarted) / 1e9);
            } catch (IOException | RuntimeException e) {
                failures.add(e.getMessage());
                log.printf(Locale.ROOT, "[%d/%d] %s FAILED: %s%n", i + 1, cases.size(), benchmarkCase.label(),
                        e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(benchmarkCase.label() + ": interrupted");
                break;
            }
        }
        EngineBenchmarkReport report = EngineBenchmarkReport.of(options.workload(), options.rounds(),
                options.models().stream().map(BenchModel::label).toList(),
                options.methods().stream().map(Enum::name).toList(),
                results, failures, (System.nanoTime() - started) / 1e9, options.quick());
        out.println(ResultTable.format(report));
        String json = report.toJson(true);
        out.println(json);
        write(options.json(), json, log);
        return report;
    }

    private static void write(Path path, String json, PrintStream log) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(path, json + "\n");
            log.println("JSON report written to " + path.toAbsolutePath());
        } catch (IOException e) {
            log.println("could not write the JSON report to " + path + ": " + e.getMessage());
        }
    }
}

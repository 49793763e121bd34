package io.winnow.benchmarks.engine;

import io.winnow.sama.Example;
import io.winnow.sama.SamaTrainer;
import io.winnow.sama.StepResult;
import io.winnow.sama.TrainerConfig;
import io.winnow.sama.TrainerCounters;
import io.winnow.sama.device.EngineSettings;
import io.winnow.sama.optim.OptimizerSpec;

import java.util.Arrays;
import java.util.List;

/**
 * Child JVM of the engine benchmark: measures one (model, method) pair and prints one JSON line.
 * Run one pair per JVM, since peak RSS only grows within a process.
 *
 * <ol>
 *   <li>Engine start-up with the case's thread counts, then a tiny trainer of the same model kind
 *       and method for two unroll cycles (loads the kernels and TorchScript modules the method
 *       uses, so they do not count as training memory), and data generation. RSS here is the
 *       native baseline.
 *   <li>The trainer, its trusted set, and the warm-up steps (at least two unroll cycles). After a
 *       garbage collection the RSS is noted again and the heap and RSS peaks are reset.
 *   <li>The timed base steps, meta steps included, each call timed on its own.
 * </ol>
 */
public final class BenchmarkWorker {

    private BenchmarkWorker() {}

    public static void main(String[] args) {
        int status = 0;
        try {
            BenchmarkCase benchmarkCase = BenchmarkCase.parse(args);
            System.out.println(run(benchmarkCase).toJsonLine());
            System.out.flush();
        } catch (IllegalArgumentException e) {
            System.err.println("benchmark worker: " + e.getMessage());
            status = 2;
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            status = 1;
        }
        // DJL's engine keeps non-daemon threads; leave at once, with the result printed.
        System.exit(status);
    }

    static BenchmarkResult run(BenchmarkCase benchmarkCase) {
        Workload workload = benchmarkCase.workload();
        EngineSettings.threads(workload.threads(), 1);
        warmUpEngine(benchmarkCase);
        BenchmarkData data = BenchmarkData.generate(benchmarkCase.model(), workload);
        MemoryProbe.settle();
        long rssBaseline = MemoryProbe.rssBytes();

        try (SamaTrainer trainer = SamaTrainer.create(config(benchmarkCase))) {
            trainer.addTrusted(data.trusted());
            long step = 0;
            for (; step < workload.warmupSteps(); step++) {
                trainer.train(data.batch(step));
            }
            MemoryProbe.settle();
            long rssBeforeTimed = MemoryProbe.rssBytes();
            boolean peakReset = MemoryProbe.resetPeakRss();
            MemoryProbe.resetHeapPeaks();
            TrainerCounters before = trainer.counters();

            int timedSteps = benchmarkCase.timedSteps();
            long[] plainNanos = new long[timedSteps];
            long[] metaNanos = new long[timedSteps];
            int plain = 0;
            int meta = 0;
            long started = System.nanoTime();
            for (int i = 0; i < timedSteps; i++, step++) {
                List<Example> batch = data.batch(step);
                long callStarted = System.nanoTime();
                StepResult result = trainer.train(batch);
                long elapsed = System.nanoTime() - callStarted;
                if (result.metaStep().isPresent()) {
                    metaNanos[meta++] = elapsed;
                } else {
                    plainNanos[plain++] = elapsed;
                }
            }
            long elapsedNanos = System.nanoTime() - started;
            long rssPeak = MemoryProbe.peakRssBytes();
            long heapPeak = MemoryProbe.heapPeakBytes();
            TrainerCounters after = trainer.counters();

            double seconds = elapsedNanos / 1e9;
            double baseMillis = median(Arrays.copyOf(plainNanos, plain)) / 1e6;
            double metaMillis = meta == 0 ? 0 : mean(Arrays.copyOf(metaNanos, meta)) / 1e6 - baseMillis;
            long skipped = after.skippedBaseUpdates() - before.skippedBaseUpdates()
                    + after.skippedMetaUpdates() - before.skippedMetaUpdates();
            return new BenchmarkResult(
                    benchmarkCase.model().label(),
                    benchmarkCase.method().name(),
                    benchmarkCase.round(),
                    workload.batchSize(),
                    workload.unroll(),
                    workload.threads(),
                    workload.warmupSteps(),
                    timedSteps,
                    after.metaSteps() - before.metaSteps(),
                    seconds,
                    (double) timedSteps * workload.batchSize() / seconds,
                    baseMillis,
                    metaMillis,
                    heapPeak,
                    rssBaseline,
                    rssBeforeTimed,
                    rssPeak,
                    peakReset,
                    trainer.baseParameters().elementCount(),
                    trainer.metaParameters().elementCount(),
                    skipped);
        }
    }

    /** The trainer of one pair: reweighting on, correction as configured, Adam base optimizer, the method's defaults. */
    static TrainerConfig config(BenchmarkCase benchmarkCase) {
        Workload workload = benchmarkCase.workload();
        return TrainerConfig.builder(benchmarkCase.model().spec(workload), workload.classes())
                .hypergradient(benchmarkCase.hypergradient())
                .reweight(true)
                .correctLabels(workload.correct())
                .baseOptimizer(OptimizerSpec.adam(1e-3))
                .metaOptimizer(OptimizerSpec.adam(1e-3))
                .unroll(workload.unroll())
                .metaBatchSize(workload.batchSize())
                .bufferCapacity(Math.max(1024, workload.trustedSize()))
                .emaDecay(workload.emaDecay())
                // The paper's algorithm alone: the trusted model (one more training step per base step)
                // and trusted mixing are curation defaults beside it, not part of SAMA's cost.
                .trustedModel(false)
                .trustedPerBatch(0)
                .seed(workload.seed())
                .build();
    }

    /** Two unroll cycles of a tiny trainer of the same kind and method (the quick sizes). */
    private static void warmUpEngine(BenchmarkCase benchmarkCase) {
        BenchmarkCase tiny = new BenchmarkCase(benchmarkCase.workload().tiny(), benchmarkCase.model(),
                benchmarkCase.method(), 0);
        BenchmarkData data = BenchmarkData.generate(tiny.model(), tiny.workload());
        try (SamaTrainer trainer = SamaTrainer.create(config(tiny))) {
            trainer.addTrusted(data.trusted());
            for (int step = 0; step < 2 * tiny.workload().unroll(); step++) {
                trainer.train(data.batch(step));
            }
        }
    }

    private static double median(long[] values) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    private static double mean(long[] values) {
        double sum = 0;
        for (long value : values) {
            sum += value;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }
}

package io.winnow.benchmarks.engine;

import io.winnow.sama.hyper.HypergradientSpec.Method;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The engine benchmark's command line.
 *
 * @param workload sizes, steps and switches shared by every pair
 * @param models which models to measure, in order
 * @param methods which methods to measure, in the order of the first round
 * @param rounds how many times every pair runs
 * @param json where the JSON report goes
 * @param childHeap -Xmx of the child JVMs
 * @param childTimeoutSeconds how long one child may run
 * @param quick whether this is a {@code --quick} smoke run (tiny sizes; its ratios mean nothing)
 */
record EngineBenchmarkOptions(Workload workload, List<BenchModel> models, List<Method> methods, int rounds, Path json,
        String childHeap, int childTimeoutSeconds, boolean quick) {

    static final String USAGE = String.join("\n",
            "usage: EngineBenchmark [options]",
            "  (defaults: 2 models x 5 methods x 3 rounds = 30 child JVMs, about 7 minutes on 2 cores)",
            "  --models mlp,text            models to measure (default mlp,text)",
            "  --methods finetune,sama-na,sama,neumann,cg",
            "                               methods to measure (default all five)",
            "  --rounds 3                   rounds, methods interleaved round-robin; median throughput reported",
            "  --steps N                    timed base steps for every model (default mlp "
                    + Workload.DEFAULT_MLP_STEPS + ", text " + Workload.DEFAULT_TEXT_STEPS + ")",
            "  --mlp-steps N, --text-steps N  timed base steps per model (multiples of --unroll)",
            "  --warmup N                   untimed base steps first (default 3 unroll cycles, at least 2)",
            "  --threads 1                  PyTorch intra-op threads in each child (inter-op threads: 1)",
            "  --json target/engine-benchmark.json   where the JSON report goes",
            "  --correct                    turn label correction on as well (reweighting is always on)",
            "  --quick                      tiny sizes and steps: a harness smoke run, a few seconds per pair",
            "  --batch 32 --unroll 10 --classes 4 --dropout 0.1 --ema-decay 0.99 --seed 7",
            "  --mlp-sizes 768,1024         MLP input dimension and hidden widths (classes are appended)",
            "  --text-vocab 5000 --text-length 64 --text-dim 128 --text-layers 2 --text-heads 4",
            "  --text-ffn 256 --text-hidden 128   sizes of the Transformer text classifier",
            "  --train-pool N --trusted N   distinct training / trusted examples (default 64 / 8 batches)",
            "  --child-heap 512m --child-timeout 600   child JVM heap (fixed, pre-touched) and time limit (seconds)");

    static EngineBenchmarkOptions parse(String[] commandLine) {
        Args args = Args.parse(commandLine, Set.of("quick", "correct", "help"));
        if (args.flag("help")) {
            throw new IllegalArgumentException("help requested");
        }
        boolean quick = args.flag("quick");
        Workload workload = Workload.from(args);
        List<BenchModel> models = new ArrayList<>();
        for (String name : new LinkedHashSet<>(args.names("models", "mlp,text"))) {
            models.add(BenchModel.parse(name));
        }
        List<Method> methods = new ArrayList<>();
        for (String name : args.names("methods", "finetune,sama_na,sama,neumann,conjugate_gradient")) {
            Method method = MethodNames.parse(name);
            if (!methods.contains(method)) {
                methods.add(method);
            }
        }
        int rounds = args.integer("rounds", quick ? 1 : 3, 1);
        Path json = Path.of(args.string("json", "target/engine-benchmark.json"));
        String heap = args.string("child-heap", "512m");
        if (!heap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("--child-heap must look like 512m or 1g, got " + heap);
        }
        int timeout = args.integer("child-timeout", 600, 1);
        args.rejectUnused();
        return new EngineBenchmarkOptions(workload, List.copyOf(models), List.copyOf(methods), rounds, json, heap, timeout,
                quick);
    }

    /**
     * Every run in execution order: round by round, each round going through the models and, per
     * model, through the methods starting one method later than the round before, so that no
     * method always runs first or last (drift of a shared machine spreads over all methods).
     */
    List<BenchmarkCase> schedule() {
        List<BenchmarkCase> cases = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (BenchModel model : models) {
                for (int i = 0; i < methods.size(); i++) {
                    Method method = methods.get((i + round - 1) % methods.size());
                    cases.add(new BenchmarkCase(workload, model, method, round));
                }
            }
        }
        return cases;
    }
}

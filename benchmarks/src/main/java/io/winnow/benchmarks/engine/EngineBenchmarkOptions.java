package io.winnow.benchmarks.engine;

import io.winnow.sama.hyper.HypergradientSpec.Method;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
 * @param order how the methods are ordered within a round
 * @param orderSeed the generator seed of {@link Order#SHUFFLE}
 */
record EngineBenchmarkOptions(Workload workload, List<BenchModel> models, List<Method> methods, int rounds, Path json,
        String childHeap, int childTimeoutSeconds, boolean quick, Order order, long orderSeed) {

    /** The order of the methods within a round. */
    enum Order {
        /** A fresh random order per round and model, from {@code --order-seed}: no method keeps a place. */
        SHUFFLE,
        /** Round r starts one method later than round r − 1 (each method first once per methods rounds). */
        ROTATE
    }

    /** What {@code --help} prints. */
    static String usage() {
        return new CommandLine(new Line()).getUsageMessage();
    }

    /**
     * @throws IllegalArgumentException for a bad command line, with the reason
     * @return null when {@code --help} was asked for
     */
    static EngineBenchmarkOptions parse(String[] commandLine) {
        Line line = new Line();
        WorkloadOptions.parseInto(line, commandLine);
        if (line.help) {
            return null;
        }
        Workload workload = line.workload.workload();
        List<BenchModel> models = new ArrayList<>();
        for (String name : new LinkedHashSet<>(line.models)) {
            models.add(BenchModel.parse(name));
        }
        List<Method> methods = new ArrayList<>();
        for (String name : line.methods) {
            Method method = MethodNames.parse(name);
            if (!methods.contains(method)) {
                methods.add(method);
            }
        }
        int rounds = line.rounds != null ? line.rounds : line.workload.quick ? 1 : 3;
        if (rounds < 1 || line.childTimeout < 1) {
            throw new IllegalArgumentException("--rounds and --child-timeout must be at least 1");
        }
        if (!line.childHeap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("--child-heap must look like 512m or 1g, got " + line.childHeap);
        }
        return new EngineBenchmarkOptions(workload, List.copyOf(models), List.copyOf(methods), rounds, line.json,
                line.childHeap, line.childTimeout, line.workload.quick, line.order, line.orderSeed);
    }

    /** The parent's command line (picocli). */
    @Command(name = "EngineBenchmark", sortOptions = false, usageHelpWidth = 100,
            description = "Measures the SAMA engine per (model, method) pair, each in a child JVM of its own, methods"
                    + " interleaved (shuffled or rotated per round); prints throughput and memory ratios and a JSON report.%n"
                    + "Defaults: 2 models x 5 methods x 3 rounds = 30 child JVMs, about 7 minutes on 2 cores.%n")
    static final class Line {

        @Option(names = "--models", split = "\\s*,\\s*", splitSynopsisLabel = ",", paramLabel = "MODEL", defaultValue = "mlp,text",
                description = "models to measure, in order (default: ${DEFAULT-VALUE})")
        List<String> models;

        @Option(names = "--methods", split = "\\s*,\\s*", splitSynopsisLabel = ",", paramLabel = "METHOD", defaultValue = "finetune,sama_na,sama,neumann,conjugate_gradient",
                description = "methods to measure, in the order of the first round (default: all five)")
        List<String> methods;

        @Option(names = "--rounds", paramLabel = "N", description = "rounds; the median throughput is reported (default 3, --quick 1)")
        Integer rounds;

        @Option(names = "--json", defaultValue = "target/engine-benchmark.json",
                description = "where the JSON report goes (default: ${DEFAULT-VALUE})")
        Path json;

        @Option(names = "--child-heap", defaultValue = "512m",
                description = "child JVM heap, fixed and pre-touched (default: ${DEFAULT-VALUE})")
        String childHeap;

        @Option(names = "--child-timeout", defaultValue = "600",
                description = "seconds one child may run (default: ${DEFAULT-VALUE})")
        int childTimeout;

        @Option(names = "--order", defaultValue = "shuffle", paramLabel = "ORDER",
                description = "order of the methods within a round: shuffle (random per round and model) or rotate"
                        + " (each round starts one method later) (default: ${DEFAULT-VALUE})")
        Order order;
        @Option(names = "--order-seed", defaultValue = "1", description = "seed of the shuffled order (default: ${DEFAULT-VALUE})")
        long orderSeed;
        @Mixin
        WorkloadOptions workload = new WorkloadOptions();

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
        boolean help;
    }

    /**
     * Every run in execution order: round by round, each round going through the models and, per
     * model, through the methods in a shuffled or rotated order, so that no method always runs first
     * or last (the drift of a shared machine, or an order effect, spreads over all methods).
     */
    List<BenchmarkCase> schedule() {
        List<BenchmarkCase> cases = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (int m = 0; m < models.size(); m++) {
                List<Method> inRound = new ArrayList<>(methods);
                if (order == Order.ROTATE) {
                    Collections.rotate(inRound, -(round - 1));
                } else {
                    Collections.shuffle(inRound, new Random(orderSeed * 1_000_003L + round * 101L + m));
                }
                for (Method method : inRound) {
                    cases.add(new BenchmarkCase(workload, models.get(m), method, round));
                }
            }
        }
        return cases;
    }
}

package io.winnow.benchmarks.engine;

import io.winnow.sama.hyper.HypergradientSpec.Method;
import io.winnow.sama.hyper.HypergradientSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One measurement: a (model, method) pair on the workload, in a given round. It travels to the
 * child JVM as command-line options.
 */
record BenchmarkCase(Workload workload, BenchModel model, Method method, int round) {

    BenchmarkCase {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(method, "method");
    }

    /**
     * The method with the paper's defaults (SAMA α = 1, SAMA-NA α = 0.01), and Neumann and CG with
     * K = 3, the setting of the PyTorch reference measurement these ratios are compared with.
     */
    HypergradientSpec hypergradient() {
        HypergradientSpec spec = HypergradientSpec.of(method);
        return method == Method.NEUMANN || method == Method.CONJUGATE_GRADIENT ? spec.withIterations(3) : spec;
    }

    int timedSteps() {
        return model.timedSteps(workload);
    }

    List<String> toArgs() {
        List<String> out = new ArrayList<>(workload.toArgs());
        out.addAll(List.of("--model", model.label(), "--method", method.name(), "--round", Integer.toString(round)));
        return out;
    }

    /** Reads back what {@link #toArgs()} wrote (a child's command line). */
    static BenchmarkCase parse(String[] commandLine) {
        Line line = new Line();
        WorkloadOptions.parseInto(line, commandLine);
        if (line.round < 0) {
            throw new IllegalArgumentException("--round must be at least 0, got " + line.round);
        }
        return new BenchmarkCase(line.workload.workload(), BenchModel.parse(line.model), MethodNames.parse(line.method),
                line.round);
    }

    /** A child's command line (picocli): the workload, the pair and the round. */
    @Command(name = "BenchmarkWorker")
    private static final class Line {
        @Mixin
        WorkloadOptions workload = new WorkloadOptions();

        @Option(names = "--model", defaultValue = "mlp")
        String model;

        @Option(names = "--method", defaultValue = "SAMA")
        String method;

        @Option(names = "--round", defaultValue = "1")
        int round;
    }

    String label() {
        return model.label() + "/" + method + " (round " + round + ")";
    }
}

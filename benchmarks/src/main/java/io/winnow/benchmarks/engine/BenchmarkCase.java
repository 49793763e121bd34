package io.winnow.benchmarks.engine;

import io.winnow.sama.hyper.HypergradientSpec.Method;
import io.winnow.sama.hyper.HypergradientSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

    static BenchmarkCase parse(String[] commandLine) {
        Args args = Args.parse(commandLine, Set.of("quick", "correct"));
        Workload workload = Workload.from(args);
        BenchModel model = BenchModel.parse(args.string("model", "mlp"));
        Method method = MethodNames.parse(args.string("method", "SAMA"));
        int round = args.integer("round", 1, 0);
        args.rejectUnused();
        return new BenchmarkCase(workload, model, method, round);
    }

    String label() {
        return model.label() + "/" + method + " (round " + round + ")";
    }
}

package io.winnow.benchmarks.engine;

import io.winnow.sama.hyper.HypergradientSpec.Method;

import java.util.Locale;

/** Command-line names of the hypergradient methods: the enum names, case-insensitive, '-' for '_', and "cg". */
final class MethodNames {

    private MethodNames() {}

    static Method parse(String name) {
        String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (normalized.equals("CG")) {
            return Method.CONJUGATE_GRADIENT;
        }
        try {
            return Method.valueOf(normalized);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown method '" + name
                    + "': expected finetune, sama-na, sama, neumann or conjugate-gradient (cg)");
        }
    }
}

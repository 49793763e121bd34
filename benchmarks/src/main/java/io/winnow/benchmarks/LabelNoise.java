package io.winnow.benchmarks;

import java.util.Locale;
import java.util.Random;

/**
 * Where a benchmark's training labels come from: the labeling functions' majority vote (real weak
 * supervision), or the true labels with synthetic noise whose flipped samples are known.
 */
public sealed interface LabelNoise {

    /** A short name for tables and file names. */
    String name();

    /** The majority vote of the labeling functions; samples every function abstains on are dropped. */
    record WeakSupervision() implements LabelNoise {
        @Override
        public String name() {
            return "weak labels";
        }
    }

    /** Each label replaced, with probability {@code rate}, by another class drawn uniformly. */
    record Symmetric(double rate) implements LabelNoise {
        @Override
        public String name() {
            return String.format(Locale.ROOT, "symmetric %.0f%%", rate * 100);
        }
    }

    /**
     * Class-dependent flips: a sample of class c is flipped to (c + 1) mod classes with probability
     * {@code rates[c]} (for spam/ham: spam marked ham far more often than the reverse).
     */
    record ClassDependent(double[] rates) implements LabelNoise {
        @Override
        public String name() {
            StringBuilder out = new StringBuilder("class-dependent");
            for (double rate : rates) {
                out.append(String.format(Locale.ROOT, " %.0f%%", rate * 100));
            }
            return out.toString();
        }
    }

    /** The noisy label of a sample whose true label is {@code label}, for the synthetic kinds. */
    static int corrupt(LabelNoise noise, int label, int classes, Random random) {
        if (noise instanceof Symmetric s) {
            return random.nextDouble() < s.rate() ? (label + 1 + random.nextInt(classes - 1)) % classes : label;
        }
        if (noise instanceof ClassDependent c) {
            return random.nextDouble() < c.rates()[label] ? (label + 1) % classes : label;
        }
        throw new IllegalArgumentException("weak labels come from the labeling functions");
    }

    /** Reads {@code weak}, {@code sym:0.2}, {@code class:0.4,0.1}. */
    static LabelNoise parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("weak")) {
            return new WeakSupervision();
        }
        if (t.startsWith("sym:")) {
            return new Symmetric(Double.parseDouble(t.substring(4)));
        }
        if (t.startsWith("class:")) {
            String[] parts = t.substring(6).split("/");
            double[] rates = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                rates[i] = Double.parseDouble(parts[i]);
            }
            return new ClassDependent(rates);
        }
        throw new IllegalArgumentException("label noise '" + text + "' is not weak, sym:<rate> or class:<rate>/<rate>...");
    }
}

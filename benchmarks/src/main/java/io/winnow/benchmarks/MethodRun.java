package io.winnow.benchmarks;

import java.util.List;

/**
 * The summary of one (label noise, method, seed) replay kept for the report.
 *
 * @param detection how the curation found the mislabeled samples; null for methods that train on
 *     other labels than the given ones (trusted only, true labels)
 */
public record MethodRun(String noise, CurationMethod method, long seed, double accuracy, NoiseDetection detection,
        double[] lossPerEpoch, List<Double> metaLosses, double seconds, int trainingSamples) {}

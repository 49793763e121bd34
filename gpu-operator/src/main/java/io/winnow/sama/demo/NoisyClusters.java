package io.winnow.sama;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Gaussian clusters with a share of labels flipped to another class: a noisy-label problem where
 * the flipped samples are known.
 */
public final class NoisyClusters {

    public final List<Example> train = new ArrayList<>();
    public final List<Example> trusted = new ArrayList<>();
    public final List<Example> test = new ArrayList<>();
    public final java.util.Set<String> flipped = new java.util.HashSet<>();
    public final java.util.Map<String, Integer> trueLabels = new java.util.HashMap<>();
    public final int classes;
    public final int dimension;

    public NoisyClusters(long seed, int classes, int dimension, int trainSize, int trustedSize, int testSize,
            double flipRate, double spread) {
        this.classes = classes;
        this.dimension = dimension;
        Random random = new Random(seed);
        double[][] centers = new double[classes][dimension];
        for (double[] center : centers) {
            for (int j = 0; j < dimension; j++) {
                center[j] = random.nextGaussian();
            }
        }
        for (int i = 0; i < trainSize; i++) {
            int label = random.nextInt(classes);
            int given = label;
            String id = "train-" + i;
            if (random.nextDouble() < flipRate) {
                given = (label + 1 + random.nextInt(classes - 1)) % classes;
                flipped.add(id);
            }
            trueLabels.put(id, label);
            train.add(Example.dense(id, point(random, centers[label], spread), given));
        }
        for (int i = 0; i < trustedSize; i++) {
            int label = random.nextInt(classes);
            trusted.add(Example.dense("trusted-" + i, point(random, centers[label], spread), label));
        }
        for (int i = 0; i < testSize; i++) {
            int label = random.nextInt(classes);
            test.add(Example.dense("test-" + i, point(random, centers[label], spread), label));
        }
    }

    private float[] point(Random random, double[] center, double spread) {
        float[] x = new float[center.length];
        for (int j = 0; j < center.length; j++) {
            x[j] = (float) (center[j] + spread * random.nextGaussian());
        }
        return x;
    }

    /** Shuffled mini-batches of the training set for one epoch. */
    public List<List<Example>> epoch(Random random, int batchSize) {
        List<Example> shuffled = new ArrayList<>(train);
        java.util.Collections.shuffle(shuffled, random);
        List<List<Example>> batches = new ArrayList<>();
        for (int start = 0; start < shuffled.size(); start += batchSize) {
            batches.add(shuffled.subList(start, Math.min(shuffled.size(), start + batchSize)));
        }
        return batches;
    }

    public double accuracy(SamaTrainer trainer) {
        float[][] probabilities = trainer.predict(test);
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (probabilities[i][k] > probabilities[i][best]) {
                    best = k;
                }
            }
            if (best == test.get(i).label()) {
                correct++;
            }
        }
        return (double) correct / test.size();
    }

    /** Probability that a random clean sample outweighs a random flipped one (ties count half). */
    public static double rocAuc(List<Double> cleanWeights, List<Double> flippedWeights) {
        double wins = 0;
        for (double clean : cleanWeights) {
            for (double noisy : flippedWeights) {
                wins += clean > noisy ? 1 : clean == noisy ? 0.5 : 0;
            }
        }
        return wins / ((double) cleanWeights.size() * flippedWeights.size());
    }
}

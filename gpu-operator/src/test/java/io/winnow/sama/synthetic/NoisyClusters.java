package io.winnow.sama.synthetic;

import io.winnow.sama.Example;
import io.winnow.sama.SamaTrainer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A generated noisy-label problem whose noise is known: Gaussian clusters, one per class, with a
 * share of the training labels flipped uniformly to another class (the same share for every class,
 * or a share per true class); a clean trusted split and a clean test split.
 */
public final class NoisyClusters {

    private final int classes;
    private final List<Example> train = new ArrayList<>();
    private final List<Example> trusted = new ArrayList<>();
    private final List<Example> test = new ArrayList<>();
    private final Map<String, Integer> trueLabels = new HashMap<>();

    /**
     * @param flipRate share of training labels replaced by another class
     * @param spread standard deviation of each cluster around its centre (centres are N(0, I))
     */
    public NoisyClusters(long seed, int classes, int dimension, int trainSize, int trustedSize, int testSize,
            double flipRate, double spread) {
        this(seed, classes, dimension, trainSize, trustedSize, testSize, uniformRates(classes, flipRate), spread);
    }

    /**
     * Class-dependent label noise: a training sample of true class k gets another class's label
     * (uniformly among the others) with probability {@code flipRates[k]}. With two classes and rates
     * {0.1, 0.4}, 10% of class 0 is labeled 1 and 40% of class 1 is labeled 0. Equal rates give the
     * same data as the uniform-noise constructor.
     *
     * @param spread standard deviation of each cluster around its centre (centres are N(0, I))
     */
    public static NoisyClusters classDependent(long seed, int dimension, int trainSize, int trustedSize, int testSize,
            double[] flipRates, double spread) {
        return new NoisyClusters(seed, flipRates.length, dimension, trainSize, trustedSize, testSize,
                flipRates.clone(), spread);
    }

    private static double[] uniformRates(int classes, double flipRate) {
        double[] rates = new double[Math.max(classes, 0)];
        java.util.Arrays.fill(rates, flipRate);
        return rates;
    }

    private NoisyClusters(long seed, int classes, int dimension, int trainSize, int trustedSize, int testSize,
            double[] flipRates, double spread) {
        boolean ratesValid = true;
        for (double rate : flipRates) {
            ratesValid &= !(rate < 0 || rate > 1);
        }
        if (classes < 2 || dimension < 1 || !ratesValid) {
            throw new IllegalArgumentException("need classes >= 2, dimension >= 1 and flip rates in [0, 1]");
        }
        this.classes = classes;
        Random random = new Random(seed);
        double[][] centers = new double[classes][dimension];
        for (double[] center : centers) {
            for (int j = 0; j < dimension; j++) {
                center[j] = random.nextGaussian();
            }
        }
        for (int i = 0; i < trainSize; i++) {
            int label = random.nextInt(classes);
            int given = random.nextDouble() < flipRates[label]
                    ? (label + 1 + random.nextInt(classes - 1)) % classes : label;
            String id = "train-" + i;
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

    private static float[] point(Random random, double[] center, double spread) {
        float[] x = new float[center.length];
        for (int j = 0; j < center.length; j++) {
            x[j] = (float) (center[j] + spread * random.nextGaussian());
        }
        return x;
    }

    public int classes() {
        return classes;
    }

    /** Training samples with their (possibly flipped) given labels. */
    public List<Example> train() {
        return Collections.unmodifiableList(train);
    }

    public List<Example> trusted() {
        return Collections.unmodifiableList(trusted);
    }

    public List<Example> test() {
        return Collections.unmodifiableList(test);
    }

    public int trueLabel(String trainId) {
        Integer label = trueLabels.get(trainId);
        if (label == null) {
            throw new IllegalArgumentException("not a training sample: " + trainId);
        }
        return label;
    }

    public boolean isFlipped(Example trainExample) {
        return trueLabel(trainExample.id()) != trainExample.label();
    }

    public boolean isFlipped(String trainId, int givenLabel) {
        return trueLabel(trainId) != givenLabel;
    }

    /** Shuffled mini-batches of the training set for one epoch. */
    public List<List<Example>> epoch(Random random, int batchSize) {
        List<Example> shuffled = new ArrayList<>(train);
        Collections.shuffle(shuffled, random);
        List<List<Example>> batches = new ArrayList<>();
        for (int start = 0; start < shuffled.size(); start += batchSize) {
            batches.add(shuffled.subList(start, Math.min(shuffled.size(), start + batchSize)));
        }
        return batches;
    }

    /** Accuracy of the trainer's current model on the clean test split. */
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
}

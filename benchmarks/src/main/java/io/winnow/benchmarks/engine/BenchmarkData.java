package io.winnow.benchmarks.engine;

import io.winnow.sama.Example;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The synthetic curation problem every pair trains on, generated from the workload's seed so that
 * all child JVMs see the same data: class-dependent inputs (Gaussian clusters for the MLP, topic
 * tokens for the text model) with 30% of the training labels flipped, and a clean trusted set.
 *
 * @param batches the training pool cut into batches; the timed loop cycles through them
 * @param trusted the trusted examples meta batches are drawn from
 */
record BenchmarkData(List<List<Example>> batches, List<Example> trusted) {

    private static final double FLIP_RATE = 0.3;

    static BenchmarkData generate(BenchModel model, Workload workload) {
        Random random = new Random(workload.seed() * 31 + model.ordinal());
        Source source = model == BenchModel.MLP ? new Clusters(workload, random) : new Topics(workload, random);
        int classes = workload.classes();
        List<Example> train = new ArrayList<>(workload.trainPool());
        for (int i = 0; i < workload.trainPool(); i++) {
            int label = random.nextInt(classes);
            int given = random.nextDouble() < FLIP_RATE ? (label + 1 + random.nextInt(classes - 1)) % classes : label;
            train.add(source.example("train-" + i, label, given));
        }
        List<Example> trusted = new ArrayList<>(workload.trustedSize());
        for (int i = 0; i < workload.trustedSize(); i++) {
            int label = random.nextInt(classes);
            trusted.add(source.example("trusted-" + i, label, label));
        }
        List<List<Example>> batches = new ArrayList<>();
        for (int start = 0; start + workload.batchSize() <= train.size(); start += workload.batchSize()) {
            batches.add(List.copyOf(train.subList(start, start + workload.batchSize())));
        }
        return new BenchmarkData(List.copyOf(batches), List.copyOf(trusted));
    }

    /** The i-th batch of the endless stream over the pool. */
    List<Example> batch(long i) {
        return batches.get((int) (i % batches.size()));
    }

    private interface Source {
        /** An input drawn from class {@code label}, carrying the label {@code given}. */
        Example example(String id, int label, int given);
    }

    /** Dense vectors around one random centre per class. */
    private static final class Clusters implements Source {
        private final Random random;
        private final float[][] centres;

        Clusters(Workload workload, Random random) {
            this.random = random;
            int dimension = workload.mlpLayerSizes()[0];
            centres = new float[workload.classes()][dimension];
            for (float[] centre : centres) {
                for (int j = 0; j < dimension; j++) {
                    centre[j] = (float) random.nextGaussian();
                }
            }
        }

        @Override
        public Example example(String id, int label, int given) {
            float[] centre = centres[label];
            float[] x = new float[centre.length];
            for (int j = 0; j < x.length; j++) {
                x[j] = centre[j] + (float) (1.5 * random.nextGaussian());
            }
            return Example.dense(id, x, given);
        }
    }

    /** Token sequences of half to full maximum length; half the tokens come from the class's topic words. */
    private static final class Topics implements Source {
        private final Random random;
        private final int vocabulary;
        private final int maxLength;
        private final int topicSize;

        Topics(Workload workload, Random random) {
            this.random = random;
            this.vocabulary = workload.textVocabulary();
            this.maxLength = workload.textLength();
            this.topicSize = Math.max(1, (vocabulary - 1) / (4 * workload.classes()));
        }

        @Override
        public Example example(String id, int label, int given) {
            int length = maxLength / 2 + random.nextInt(maxLength - maxLength / 2 + 1);
            int[] tokens = new int[Math.max(1, length)];
            for (int t = 0; t < tokens.length; t++) {
                tokens[t] = random.nextBoolean()
                        ? 1 + (label * topicSize + random.nextInt(topicSize)) % (vocabulary - 1)
                        : 1 + random.nextInt(vocabulary - 1);
            }
            return Example.tokens(id, tokens, given);
        }
    }
}

package io.winnow.sama.optim;

/** Learning rate as a function of the update index (0 for the first update). */
@FunctionalInterface
public interface LearningRateSchedule {

    double at(long step);

    static LearningRateSchedule constant(double learningRate) {
        requirePositive(learningRate);
        return step -> learningRate;
    }

    /**
     * Linear warm-up from learningRate/warmupSteps to learningRate over warmupSteps updates, then a
     * linear decay that reaches zero at totalSteps and stays there.
     */
    static LearningRateSchedule warmupLinear(double learningRate, long warmupSteps, long totalSteps) {
        requirePositive(learningRate);
        requireSteps(warmupSteps, totalSteps);
        return step -> {
            if (step < warmupSteps) {
                return learningRate * (step + 1) / warmupSteps;
            }
            double remaining = (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps);
            return learningRate * Math.max(0.0, remaining);
        };
    }

    /**
     * Optional linear warm-up, then a half cosine from learningRate down to minLearningRate at
     * totalSteps; after totalSteps the rate stays at minLearningRate (a stream has no last step).
     */
    static LearningRateSchedule cosine(
            double learningRate, long warmupSteps, long totalSteps, double minLearningRate) {
        requirePositive(learningRate);
        requireSteps(warmupSteps, totalSteps);
        if (minLearningRate < 0 || minLearningRate > learningRate) {
            throw new IllegalArgumentException(
                    "minLearningRate must be in [0, learningRate]: " + minLearningRate);
        }
        return step -> {
            if (step < warmupSteps) {
                return learningRate * (step + 1) / warmupSteps;
            }
            double progress =
                    Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
            return minLearningRate
                    + 0.5 * (learningRate - minLearningRate) * (1 + Math.cos(Math.PI * progress));
        };
    }

    private static void requirePositive(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite: " + learningRate);
        }
    }

    private static void requireSteps(long warmupSteps, long totalSteps) {
        if (warmupSteps < 0 || totalSteps <= 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException(
                    "need 0 <= warmupSteps <= totalSteps and totalSteps > 0, got warmup "
                            + warmupSteps + ", total " + totalSteps);
        }
    }
}

package io.winnow.sama.optim;

import ai.djl.ndarray.NDManager;

import java.util.Locale;

/**
 * Which optimizer and schedule to build.
 *
 * @param kind SGD, ADAM or ADAMW
 * @param learningRate peak learning rate
 * @param momentum SGD momentum (0 for none)
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param eps Adam's epsilon
 * @param weightDecay L2 (SGD, Adam) or decoupled (AdamW) weight decay
 * @param schedule CONSTANT, WARMUP_LINEAR or COSINE
 * @param warmupSteps linear warm-up length (schedules other than CONSTANT)
 * @param totalSteps where the decay ends (schedules other than CONSTANT)
 */
public record OptimizerSpec(
        Kind kind,
        double learningRate,
        double momentum,
        double beta1,
        double beta2,
        double eps,
        double weightDecay,
        Schedule schedule,
        long warmupSteps,
        long totalSteps) implements java.io.Serializable {

    public enum Kind { SGD, ADAM, ADAMW }

    public enum Schedule { CONSTANT, WARMUP_LINEAR, COSINE }

    public OptimizerSpec {
        // Build the schedule once so that bad values fail here, at configuration time.
        schedule(schedule, learningRate, warmupSteps, totalSteps);
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("momentum must be in [0, 1): " + momentum);
        }
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || !(eps > 0) || weightDecay < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "invalid optimizer settings: beta1=%s beta2=%s eps=%s weightDecay=%s", beta1, beta2, eps, weightDecay));
        }
    }

    public static OptimizerSpec sgd(double learningRate, double momentum) {
        return new OptimizerSpec(Kind.SGD, learningRate, momentum, 0.9, 0.999, 1e-8, 0, Schedule.CONSTANT, 0, 1);
    }

    public static OptimizerSpec adam(double learningRate) {
        return new OptimizerSpec(Kind.ADAM, learningRate, 0, 0.9, 0.999, 1e-8, 0, Schedule.CONSTANT, 0, 1);
    }

    public static OptimizerSpec adamW(double learningRate, double weightDecay) {
        return new OptimizerSpec(Kind.ADAMW, learningRate, 0, 0.9, 0.999, 1e-8, weightDecay, Schedule.CONSTANT, 0, 1);
    }

    public OptimizerSpec withSchedule(Schedule newSchedule, long newWarmupSteps, long newTotalSteps) {
        return new OptimizerSpec(kind, learningRate, momentum, beta1, beta2, eps, weightDecay,
                newSchedule, newWarmupSteps, newTotalSteps);
    }

    public OptimizerSpec withBetas(double newBeta1, double newBeta2, double newEps) {
        return new OptimizerSpec(kind, learningRate, momentum, newBeta1, newBeta2, newEps, weightDecay,
                schedule, warmupSteps, totalSteps);
    }

    public OptimizerSpec withLearningRate(double newLearningRate) {
        return new OptimizerSpec(kind, newLearningRate, momentum, beta1, beta2, eps, weightDecay,
                schedule, warmupSteps, totalSteps);
    }

    public Optimizer create(NDManager stateManager) {
        LearningRateSchedule rates = schedule(schedule, learningRate, warmupSteps, totalSteps);
        return switch (kind) {
            case SGD -> new Sgd(stateManager, rates, momentum, 0, false, weightDecay);
            case ADAM -> Adam.adam(stateManager, rates, beta1, beta2, eps, weightDecay);
            case ADAMW -> Adam.adamW(stateManager, rates, beta1, beta2, eps, weightDecay);
        };
    }

    private static LearningRateSchedule schedule(Schedule schedule, double lr, long warmup, long total) {
        return switch (schedule) {
            case CONSTANT -> LearningRateSchedule.constant(lr);
            case WARMUP_LINEAR -> LearningRateSchedule.warmupLinear(lr, warmup, total);
            case COSINE -> LearningRateSchedule.cosine(lr, warmup, total, 0.0);
        };
    }
}

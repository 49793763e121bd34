package io.winnow.sama;

/**
 * Statistics of one meta step and of the base steps since the previous one.
 *
 * @param metaStep index of this meta step (1 for the first)
 * @param modelVersion base updates applied so far
 * @param baseLoss mean weighted base loss over the window
 * @param metaLoss meta loss at this meta step
 * @param samples training samples in the window
 * @param weightMean mean weight in the window
 * @param weightStd standard deviation of the weights
 * @param weightMin smallest weight
 * @param weightMax largest weight
 * @param labelsChangedShare share of samples whose corrected label differs from the given one
 * @param samplesPerSecond training throughput over the window, meta step included
 * @param updateApplied false when the meta gradient was not finite and λ was left alone
 */
public record MetaStepReport(
        long metaStep,
        long modelVersion,
        double baseLoss,
        double metaLoss,
        long samples,
        double weightMean,
        double weightStd,
        double weightMin,
        double weightMax,
        double labelsChangedShare,
        double samplesPerSecond,
        boolean updateApplied) {}

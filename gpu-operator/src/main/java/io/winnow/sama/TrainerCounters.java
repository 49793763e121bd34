package io.winnow.sama;

/**
 * Running totals of a trainer, restored with its state.
 *
 * @param baseSteps base steps taken (including skipped ones)
 * @param modelVersion base updates applied to θ
 * @param metaSteps meta steps taken
 * @param skippedBaseUpdates base steps whose loss or gradient was not finite
 * @param skippedMetaUpdates meta steps whose meta gradient was not finite
 * @param metaStepsWithoutData meta steps that were due but had no meta data
 */
public record TrainerCounters(
        long baseSteps,
        long modelVersion,
        long metaSteps,
        long skippedBaseUpdates,
        long skippedMetaUpdates,
        long metaStepsWithoutData) {}

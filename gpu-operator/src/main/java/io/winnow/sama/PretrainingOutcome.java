package io.winnow.sama;

/**
 * The weight of one unlabeled text of a continued-pretraining task.
 *
 * @param id the example's id
 * @param weight importance weight (see {@link ExampleOutcome#weight()}); 0 when its loss was not finite
 * @param loss mean cross-entropy over the text's masked tokens
 * @param modelVersion number of base updates applied to θ before this step
 */
public record PretrainingOutcome(String id, double weight, double loss, long modelVersion) implements ExampleOutcome {}

package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.Tensors;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.MaskedTokenModel;
import io.winnow.sama.model.ModelInput;

import java.util.ArrayList;
import java.util.List;

/**
 * A base step of {@link Objective#CONTINUED_PRETRAINING}: the batch's texts masked, each weighted by
 * the reweighting net on its masked-token loss, plus the downstream loss on a finetuning batch drawn
 * from the trusted buffer; one {@link PretrainingOutcome} per text.
 */
final class PretrainingStep implements ObjectiveStep {

    private final SamaTrainer trainer;
    private final TrainerParts parts;
    private final TrainerConfig config;
    private final MaskedTokenModel maskedTokenModel;
    private final PretrainingLoss pretrainingLoss;
    private final TokenMasking masking;

    PretrainingStep(SamaTrainer trainer, TrainerParts parts, TrainerConfig config) {
        this.trainer = trainer;
        this.parts = parts;
        this.config = config;
        this.maskedTokenModel = (MaskedTokenModel) parts.learner();
        this.pretrainingLoss = new PretrainingLoss(parts.reweighter(), config.normalizeWeights());
        this.masking = new TokenMasking(config.maskProbability(), parts.learner().inputSpec().size(),
                maskedTokenModel.vocabularySize(), maskedTokenModel.maskTokenId());
    }

    @Override
    public StepResult train(List<Example> batch) {
        long started = System.nanoTime();
        try (Autograd.GradModeScope ignored = Autograd.paused(); NDManager step = trainer.newStepManager()) {
            PretrainingBatch data = encodePretraining(batch, step);
            long versionBefore = trainer.modelVersion();
            PretrainingLoss.Terms terms;
            List<NDArray> gradients;
            double baseLoss;
            try (NDScope scope = new NDScope(); Autograd.GradModeScope recording = Autograd.recording()) {
                NDArray tokenLosses = PretrainingLoss.tokenLosses(maskedTokenModel, data.masked(), data.pretrainingPass());
                NDArray finetuneLoss = data.hasFinetuneBatch()
                        ? CrossEntropy.mean(parts.learner().logits(data.finetuneInput(), data.finetunePass()), data.finetuneOneHot())
                        : null;
                terms = pretrainingLoss.evaluate(tokenLosses, finetuneLoss, false, null);
                gradients = Autograd.gradient(terms.loss(), parts.learner().parameters().arrays(), step);
                baseLoss = Tensors.scalar(terms.loss());
                gradients.forEach(NDScope::unregister);
                NDScope.unregister(terms.weights(), terms.tokenLosses());
                data.pretrainingPass().recordedMasks().forEach(NDScope::unregister);
                if (data.hasFinetuneBatch()) {
                    data.finetunePass().recordedMasks().forEach(NDScope::unregister);
                }
            }
            boolean freeze = !config.recomputeMetaInputs();
            return trainer.completeStep(step, started, gradients, baseLoss, () -> pretrainingOutcomes(batch, terms, versionBefore),
                    support -> (metaInput, metaOneHot) -> new PretrainingProblem(maskedTokenModel, pretrainingLoss,
                            parts.metaParameters(), parts.baseOptimizer(), data, metaInput, metaOneHot, freeze, support));
        }
    }

    /** Masks the pretraining batch and draws a finetuning batch from the labeled buffer. */
    private PretrainingBatch encodePretraining(List<Example> batch, NDManager step) {
        TokenMasking.MaskedTokens masked = masking.mask(batch, parts.rng(), config.dataType(), step);
        Forward pretrainingPass = Forward.train(parts.rng().nextLong());
        if (parts.trusted().size() == 0) {
            return new PretrainingBatch(batch, masked, pretrainingPass, null, null, null);
        }
        List<Example> finetune = parts.trusted().sample(config.finetuneBatchSize(), parts.rng());
        return new PretrainingBatch(batch, masked, pretrainingPass,
                ModelInput.encode(finetune, parts.learner().inputSpec(), config.dataType(), step),
                LabeledBatch.oneHot(finetune, config.numClasses(), config.dataType(), step),
                Forward.train(parts.rng().nextLong()));
    }

    private List<ExampleOutcome> pretrainingOutcomes(List<Example> batch, PretrainingLoss.Terms terms, long version) {
        float[] weights = Outcomes.floats(terms.weights());
        float[] losses = Outcomes.floats(terms.tokenLosses());
        List<ExampleOutcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            boolean usable = Float.isFinite(losses[i]) && Float.isFinite(weights[i]);
            outcomes.add(new PretrainingOutcome(batch.get(i).id(), usable ? weights[i] : 0.0, losses[i], version));
        }
        return outcomes;
    }

}

package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.Tensors;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.ModelInput;

import java.util.ArrayList;
import java.util.List;

/**
 * A base step of {@link Objective#CURATION}: the batch (with trusted samples mixed in) as tensors,
 * the label model's posterior and the trusted model's losses for the meta nets, the trusted gate, the weighted and
 * corrected loss of {@link CurationLoss}, and one {@link CurationOutcome} per training sample.
 */
final class CurationStep implements ObjectiveStep {

    private final SamaTrainer trainer;
    private final TrainerParts parts;
    private final TrainerConfig config;
    private final CurationLoss loss;

    CurationStep(SamaTrainer trainer, TrainerParts parts, TrainerConfig config) {
        this.trainer = trainer;
        this.parts = parts;
        this.config = config;
        this.loss = new CurationLoss(parts.reweighter(), parts.corrector(), config.normalizeWeights(), config.coupling(),
                config.reweighCorrectedLoss());
    }

    @Override
    public StepResult train(List<Example> batch) {
        long started = System.nanoTime();
        try (Autograd.GradModeScope ignored = Autograd.paused(); NDManager step = trainer.newStepManager()) {
            if (parts.trustedModel() != null && parts.trusted().size() > 0) {
                try (NDManager trustedStep = step.newSubManager()) {
                    parts.trustedModel().step(parts.trusted().sample(config.metaBatchSize(), parts.rng()), Forward.train(parts.rng().nextLong()), trustedStep);
                }
            }
            LabeledBatch labeled = encode(batch, Forward.train(parts.rng().nextLong()), step);
            long versionBefore = trainer.modelVersion();
            CurationLoss.Terms terms;
            List<NDArray> gradients;
            double baseLoss;
            // The scope frees the base step's activations before a meta step runs, so that a meta
            // step's peak memory is not added on top of the base step's.
            try (NDScope scope = new NDScope(); Autograd.GradModeScope recording = Autograd.recording()) {
                NDArray logits = parts.learner().logits(labeled.input(), labeled.trainingPass());
                terms = loss.evaluate(logits, labeled, false, null);
                gradients = Autograd.gradient(terms.loss(), parts.learner().parameters().arrays(), step);
                baseLoss = Tensors.scalar(terms.loss());
                keep(terms, gradients, labeled.trainingPass());
            }
            // Pruning mode: the next meta batch may come from this one.
            if (config.metaData() == MetaDataSource.RECENT_TRAINING) {
                parts.recent().addAll(batch);
            } else if (config.metaData() == MetaDataSource.SEEN_TRAINING) {
                batch.forEach(example -> parts.recent().offer(example, parts.rng()));
            }
            boolean freeze = !config.recomputeMetaInputs();
            return trainer.completeStep(step, started, gradients, baseLoss, () -> outcomes(batch, terms, versionBefore),
                    support -> (metaInput, metaOneHot) -> new CurationProblem(parts.learner(), loss,
                            parts.metaParameters(), parts.baseOptimizer(), labeled, metaInput, metaOneHot, freeze, support));
        }
    }

    /** Arrays of the base step that outlive its scope: outcomes and the meta step read them. */
    private static void keep(CurationLoss.Terms terms, List<NDArray> gradients, Forward trainingPass) {
        gradients.forEach(NDScope::unregister);
        NDScope.unregister(terms.weights(), terms.corrected(), terms.inputs().logits(), terms.inputs().givenLoss(),
                terms.inputs().uncertainty());
        trainingPass.recordedMasks().forEach(NDScope::unregister);
    }

    /**
     * The batch as tensors, with {@code trustedPerBatch} trusted samples appended (they are not
     * part of the outcomes); the label model scores the batch, then learns from it.
     */
    private LabeledBatch encode(List<Example> training, Forward trainingPass, NDManager step) {
        List<Example> batch = training;
        NDArray trustedMask = null;
        if (config.trustedPerBatch() > 0 && parts.trusted().size() > 0) {
            batch = new ArrayList<>(training);
            batch.addAll(parts.trusted().sample(config.trustedPerBatch(), parts.rng()));
            float[] mask = new float[batch.size()];
            java.util.Arrays.fill(mask, training.size(), mask.length, 1f);
            trustedMask = step.create(mask).toType(config.dataType(), false);
        }
        ModelInput input = ModelInput.encode(batch, parts.learner().inputSpec(), config.dataType(), step);
        NDArray oneHot = LabeledBatch.oneHot(batch, config.numClasses(), config.dataType(), step);
        NDArray votes = LabeledBatch.votes(batch, config.labelingFunctions(), config.numClasses(), config.dataType(), step);
        NDArray posterior = parts.labelModel() == null ? null : labelPosterior(batch, training.size(), step);
        NDArray emaProbabilities = parts.ema() == null ? null : parts.ema().logits(input, Forward.eval()).softmax(1);
        NDArray trustedLogProbabilities = parts.trustedModel() == null || parts.reweighter() == null ? null
                : parts.trustedModel().logProbabilities(parts.trustedModel().input(input, votes));
        NDArray trustedLoss = trustedLogProbabilities == null ? null
                : CrossEntropy.fromLogProbabilities(trustedLogProbabilities, oneHot);
        // Without trusted samples the trusted model has learned nothing: its view would gate at random.
        NDArray gates = parts.trustedGate() == null || parts.trusted().size() == 0 ? null
                : parts.trustedGate().gates(batch, training.size(), trustedLoss.neg().exp(), config.dataType(), step);
        NDArray trustedClasses = gates == null || !config.trustedGate().agreement().required(config.numClasses()) ? null
                : trustedLogProbabilities.argMax(1);
        return new LabeledBatch(batch, input, oneHot, votes, posterior, reweighterColumns(trustedLoss, votes, posterior),
                emaProbabilities, trustedMask, gates, trustedClasses, trainingPass);
    }

    /**
     * The reweighting net's per-sample columns, in the order its width was counted at creation: the
     * trusted model's loss on the given label, then the votes and the label model's posterior.
     */
    private NDArray reweighterColumns(NDArray trustedLoss, NDArray votes, NDArray posterior) {
        if (parts.reweighter() == null || parts.reweighter().sampleInputs() == 0) {
            return null;
        }
        NDList columns = new NDList();
        if (trustedLoss != null) {
            columns.add(trustedLoss.expandDims(1));
        }
        if (config.reweighterUsesVotes()) {
            columns.add(votes);
            if (posterior != null) {
                columns.add(posterior);
            }
        }
        return columns.size() == 1 ? columns.get(0) : NDArrays.concat(columns, 1);
    }

    /** [B, K] posteriors under the current label model; then one EM step on the batch's training samples that carry votes. */
    private NDArray labelPosterior(List<Example> batch, int trainingSamples, NDManager step) {
        int classes = config.numClasses();
        float[] flat = new float[batch.size() * classes];
        int[] none = new int[config.labelingFunctions()];
        java.util.Arrays.fill(none, Example.ABSTAIN);
        for (int i = 0; i < batch.size(); i++) {
            int[] votes = batch.get(i).votes();
            double[] q = parts.labelModel().posterior(votes.length == 0 ? none : votes);
            for (int k = 0; k < classes; k++) {
                flat[i * classes + k] = (float) q[k];
            }
        }
        parts.labelModel().observe(batch.subList(0, trainingSamples).stream().map(Example::votes).filter(v -> v.length > 0)
                .toArray(int[][]::new));
        NDArray posterior = step.create(flat, new ai.djl.ndarray.types.Shape(batch.size(), classes));
        return config.dataType() == DataType.FLOAT32 ? posterior : posterior.toType(config.dataType(), false);
    }

    private List<ExampleOutcome> outcomes(List<Example> batch, CurationLoss.Terms terms, long version) {
        float[] weights = Outcomes.floats(terms.weights());
        float[] corrected = Outcomes.floats(terms.corrected());
        float[] losses = Outcomes.floats(terms.inputs().givenLoss());
        float[] uncertainties = Outcomes.floats(terms.inputs().uncertainty());
        int classes = config.numClasses();
        List<ExampleOutcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Example example = batch.get(i);
            float[] distribution = new float[classes];
            System.arraycopy(corrected, i * classes, distribution, 0, classes);
            boolean usable = Float.isFinite(losses[i]) && Float.isFinite(weights[i]) && Outcomes.allFinite(distribution);
            // A sample whose loss is not finite cannot be judged: it counts for nothing and keeps its label.
            if (!usable) {
                java.util.Arrays.fill(distribution, 0f);
                distribution[example.label()] = 1f;
            }
            outcomes.add(new CurationOutcome(
                    example.id(),
                    usable ? weights[i] : 0.0,
                    Outcomes.argmax(distribution),
                    distribution,
                    example.label(),
                    losses[i],
                    Float.isFinite(uncertainties[i]) ? uncertainties[i] : 0.0,
                    version));
        }
        return outcomes;
    }

}

package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.Tensors;
import io.winnow.sama.model.BaseLearner;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.ModelInput;
import io.winnow.sama.optim.Optimizer;

import java.util.List;

/**
 * A copy of the base model trained with plain cross-entropy on a subset of the samples, whose view
 * of other samples the meta level reads: the trusted model (trained on the trusted samples alone,
 * {@link SamaTrainer}) and the two models of {@link CrossFittedView} (each trained on one half of
 * the stream). It never feeds the curated model; the curated model is still the base model.
 */
final class SideModel implements AutoCloseable {

    private final BaseLearner model;
    private final Optimizer optimizer;
    private final int numClasses;
    private final DataType dataType;

    /** @param initial the base model as created: the side model starts from the same θ */
    SideModel(BaseLearner initial, Optimizer optimizer, int numClasses, DataType dataType) {
        this.model = initial.replicate();
        model.parameters().setRequiresGradient(true);
        this.optimizer = optimizer;
        this.numClasses = numClasses;
        this.dataType = dataType;
    }

    BaseLearner model() {
        return model;
    }

    Optimizer optimizer() {
        return optimizer;
    }

    /** One step of plain cross-entropy on a batch of samples and their given labels. */
    void step(List<Example> batch, Forward pass, NDManager step) {
        ModelInput input = ModelInput.encode(batch, model.inputSpec(), dataType, step);
        NDArray oneHot = LabeledBatch.oneHot(batch, numClasses, dataType, step);
        List<NDArray> gradients;
        double loss;
        try (Autograd.GradModeScope recording = Autograd.recording()) {
            NDArray value = CrossEntropy.mean(model.logits(input, pass), oneHot);
            gradients = Autograd.gradient(value, model.parameters().arrays(), step);
            loss = Tensors.scalar(value);
        }
        if (Double.isFinite(loss) && Tensors.allFinite(gradients)) {
            optimizer.step(model.parameters(), gradients);
        }
        Tensors.close(gradients);
    }

    /** Detached log-probabilities [B, K] (evaluation mode). */
    NDArray logProbabilities(ModelInput input) {
        try (Autograd.GradModeScope paused = Autograd.paused()) {
            return model.logits(input, Forward.eval()).logSoftmax(1);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}

package io.winnow.sama;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.Tensors;
import io.winnow.sama.model.BaseLearner;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.InputSpec;
import io.winnow.sama.model.ModelInput;
import io.winnow.sama.model.ModelSpec;
import io.winnow.sama.optim.Optimizer;
import io.winnow.sama.random.SplitMix64;

import java.util.List;

/**
 * A second copy of the base model trained on the trusted samples alone: its view of a training
 * sample is a meta-net input that the base model cannot give. Weak labels err systematically, so a
 * model trained on them learns the errors and finds the mislabeled samples easy (low loss); a model
 * that never saw a weak label disagrees with them instead (on SpamAssassin its probability of the
 * given label separates wrong weak labels from right ones with ROC AUC about 0.9, the base model's
 * loss with about 0.3–0.65). The reweighting net reads its loss on the given label. Like a mentor (MentorNet) or the trusted model of Gold Loss Correction,
 * it only informs the meta nets; the curated model is still the base model.
 *
 * <p>{@linkplain #readingVotes Reading votes}, it is an MLP of its own over the features and the
 * labeling functions' one-hot votes, trained on the trusted samples' votes and clean labels: it learns
 * which functions to believe, which a copy of the base model over features alone cannot.
 */
final class TrustedModel implements AutoCloseable {

    private final BaseLearner model;
    private final Optimizer optimizer;
    private final int numClasses;
    private final DataType dataType;
    /** Labeling functions whose votes it reads beside the features; 0 for features alone. */
    private final int labelingFunctions;

    /** @param initial the base model as created: the trusted model starts from the same θ */
    TrustedModel(BaseLearner initial, Optimizer optimizer, int numClasses, DataType dataType) {
        this(initial.replicate(), optimizer, numClasses, dataType, 0);
    }

    private TrustedModel(BaseLearner model, Optimizer optimizer, int numClasses, DataType dataType, int labelingFunctions) {
        this.model = model;
        model.parameters().setRequiresGradient(true);
        this.optimizer = optimizer;
        this.numClasses = numClasses;
        this.dataType = dataType;
        this.labelingFunctions = labelingFunctions;
    }

    /**
     * A trusted model over [features, one-hot votes]: the base MLP's sizes with an input widened by
     * {@code labelingFunctions · classes}, parameters drawn from {@code rng}.
     */
    static TrustedModel readingVotes(ModelSpec.Mlp base, int labelingFunctions, Optimizer optimizer, int numClasses,
            DataType dataType, NDManager manager, Device device, SplitMix64 rng) {
        int[] sizes = base.layerSizes();
        sizes[0] += labelingFunctions * numClasses;
        BaseLearner model = new ModelSpec.Mlp(sizes, base.dropout()).create(manager, device, dataType, rng);
        return new TrustedModel(model, optimizer, numClasses, dataType, labelingFunctions);
    }

    /**
     * What it reads of a batch: the base model's input, with the votes [B, L·K] appended when it reads
     * them (features only, so the caller's input must be dense then).
     */
    ModelInput input(ModelInput baseInput, NDArray votes) {
        return labelingFunctions == 0 ? baseInput : ModelInput.ofFeatures(baseInput.features().concat(votes, 1));
    }

    BaseLearner model() {
        return model;
    }

    Optimizer optimizer() {
        return optimizer;
    }

    /** One step of plain cross-entropy on a batch of trusted samples. */
    void step(List<Example> trustedBatch, Forward pass, NDManager step) {
        ModelInput input = labelingFunctions == 0
                ? ModelInput.encode(trustedBatch, model.inputSpec(), dataType, step)
                : input(ModelInput.encode(trustedBatch, InputSpec.dense(model.inputSpec().size() - labelingFunctions * numClasses),
                        dataType, step), LabeledBatch.votes(trustedBatch, labelingFunctions, numClasses, dataType, step));
        NDArray oneHot = LabeledBatch.oneHot(trustedBatch, numClasses, dataType, step);
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

    /** Detached log-probabilities [B, K] of the trusted model (evaluation mode); {@code input} from {@link #input}. */
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

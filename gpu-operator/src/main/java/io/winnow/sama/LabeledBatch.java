package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.ModelInput;

import java.util.List;

/**
 * A training batch as tensors: model input, one-hot given labels, one-hot votes of the labeling
 * functions (all zero where one abstains), the label model's posterior over the classes, the
 * per-sample columns the reweighting net reads beside the loss (the trusted model's loss on the
 * given label, votes, posterior, as configured), the EMA model's class probabilities, a mask of the
 * trusted samples mixed into the batch, the trusted gate of each sample (a constant in [0, 1] the
 * reweighting net's weight is multiplied by, {@link TrustedGateSpec}), and the base step's forward
 * pass, whose dropout masks the meta step's θ± passes replay. Any of votes, posterior, columns, EMA
 * probabilities, mask and gates may be null when not in use.
 */
record LabeledBatch(
        List<Example> examples,
        ModelInput input,
        NDArray oneHotLabels,
        NDArray votes,
        NDArray labelPosterior,
        NDArray reweighterColumns,
        NDArray emaProbabilities,
        NDArray trustedMask,
        NDArray trustedGates,
        NDArray trustedClasses,
        Forward trainingPass) {

    /** A batch of training samples only, without a label model. */
    LabeledBatch(List<Example> examples, ModelInput input, NDArray oneHotLabels, NDArray votes, NDArray emaProbabilities,
            Forward trainingPass) {
        this(examples, input, oneHotLabels, votes, null, null, emaProbabilities, null, null, null, trainingPass);
    }

    int size() {
        return examples.size();
    }

    /** [B, K] one-hot of the given labels; an example without a label ({@link Example#NO_LABEL}) gets an all-zero row. */
    static NDArray oneHot(List<Example> examples, int numClasses, DataType dataType, NDManager manager) {
        long[] labels = new long[examples.size()];
        boolean unlabeled = false;
        for (int i = 0; i < labels.length; i++) {
            labels[i] = examples.get(i).label();
            unlabeled |= labels[i] == Example.NO_LABEL;
        }
        if (unlabeled) {
            float[] flat = new float[examples.size() * numClasses];
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != Example.NO_LABEL) {
                    flat[i * numClasses + (int) labels[i]] = 1f;
                }
            }
            NDArray array = manager.create(flat, new Shape(examples.size(), numClasses));
            return dataType == DataType.FLOAT32 ? array : array.toType(dataType, false);
        }
        try (NDArray indices = manager.create(labels)) {
            return indices.oneHot(numClasses, dataType);
        }
    }

    /** [B, L·K]; an example without votes counts as all-abstain. */
    static NDArray votes(List<Example> examples, int labelingFunctions, int numClasses, DataType dataType,
            NDManager manager) {
        if (labelingFunctions == 0) {
            return null;
        }
        float[] flat = new float[examples.size() * labelingFunctions * numClasses];
        for (int i = 0; i < examples.size(); i++) {
            int[] votes = examples.get(i).votes();
            for (int f = 0; f < votes.length; f++) {
                if (votes[f] != Example.ABSTAIN) {
                    flat[(i * labelingFunctions + f) * numClasses + votes[f]] = 1f;
                }
            }
        }
        NDArray array = manager.create(flat, new Shape(examples.size(), (long) labelingFunctions * numClasses));
        return dataType == DataType.FLOAT32 ? array : array.toType(dataType, false);
    }
}

package io.winnow.sama.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.random.SplitMix64;

import java.util.Arrays;

/** A multi-layer perceptron over dense feature vectors: Linear → ReLU → dropout → … → Linear. */
public final class MlpClassifier implements BaseLearner {

    private final NDManager manager;
    private final int[] layerSizes;
    private final double dropout;
    private final ParameterSet parameters;

    private MlpClassifier(NDManager manager, int[] layerSizes, double dropout, ParameterSet parameters) {
        this.manager = manager;
        this.layerSizes = layerSizes;
        this.dropout = dropout;
        this.parameters = parameters;
    }

    /**
     * @param layerSizes input dimension, hidden sizes…, number of classes (at least two entries)
     */
    public static MlpClassifier create(
            NDManager parent, int[] layerSizes, double dropout, DataType dataType, SplitMix64 rng) {
        if (layerSizes.length < 2 || Arrays.stream(layerSizes).anyMatch(size -> size <= 0)) {
            throw new IllegalArgumentException("layer sizes must be positive, input to classes: "
                    + Arrays.toString(layerSizes));
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
        }
        NDManager manager = parent.newSubManager();
        ParameterSet.Builder builder = ParameterSet.builder();
        for (int layer = 0; layer + 1 < layerSizes.length; layer++) {
            int in = layerSizes[layer];
            int out = layerSizes[layer + 1];
            double bound = 1.0 / Math.sqrt(in);
            builder.add("mlp." + layer + ".weight", Layers.uniform(manager, rng, new Shape(out, in), bound, dataType));
            builder.add("mlp." + layer + ".bias", Layers.uniform(manager, rng, new Shape(out), bound, dataType));
        }
        ParameterSet parameters = builder.build();
        parameters.setRequiresGradient(true);
        return new MlpClassifier(manager, layerSizes.clone(), dropout, parameters);
    }

    /** Runs x through the layers of {@code params}; shared with the text model's classification head. */
    static NDArray forward(NDArray x, ParameterSet params, String prefix, int layers, double dropout, Forward forward) {
        NDArray h = x;
        for (int layer = 0; layer < layers; layer++) {
            h = Layers.linear(h, params.get(prefix + layer + ".weight"), params.get(prefix + layer + ".bias"));
            if (layer + 1 < layers) {
                h = forward.dropout(Layers.relu(h), dropout);
            }
        }
        return h;
    }

    @Override
    public NDArray logits(ModelInput input, Forward forward) {
        return forward(input.features(), parameters, "mlp.", layerSizes.length - 1, dropout, forward);
    }

    @Override
    public InputSpec inputSpec() {
        return InputSpec.dense(layerSizes[0]);
    }

    @Override
    public int numClasses() {
        return layerSizes[layerSizes.length - 1];
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    public BaseLearner replicate() {
        NDManager copyManager = manager.getParentManager().newSubManager();
        ParameterSet copy = Replicas.copy(parameters, copyManager);
        return new MlpClassifier(copyManager, layerSizes, dropout, copy);
    }

    @Override
    public void close() {
        manager.close();
    }
}

package io.winnow.sama.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.winnow.sama.SplitMix64;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.autograd.Scalars;
import io.winnow.sama.model.Layers;

/**
 * The reweighting net w(ℓ, u; λ_r) of Meta-Weight-Net: a 2-layer MLP over a sample's detached
 * loss (and, when enabled, its uncertainty), with output 2·σ(·) in (0, 2). The last layer starts
 * at zero, so every weight starts at exactly 1 and training begins as plain finetuning.
 */
public final class Reweighter {

    private final boolean usesUncertainty;
    private final ParameterSet parameters;

    private Reweighter(boolean usesUncertainty, ParameterSet parameters) {
        this.usesUncertainty = usesUncertainty;
        this.parameters = parameters;
    }

    public static Reweighter create(
            NDManager manager, int hidden, boolean usesUncertainty, DataType dataType, SplitMix64 rng) {
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden size must be positive: " + hidden);
        }
        int inputs = usesUncertainty ? 2 : 1;
        double bound = 1.0 / Math.sqrt(inputs);
        ParameterSet parameters = ParameterSet.builder()
                .add("reweighter.0.weight", Layers.uniform(manager, rng, new Shape(hidden, inputs), bound, dataType))
                .add("reweighter.0.bias", Layers.uniform(manager, rng, new Shape(hidden), bound, dataType))
                .add("reweighter.1.weight", manager.zeros(new Shape(1, hidden), dataType))
                .add("reweighter.1.bias", manager.zeros(new Shape(1), dataType))
                .build();
        parameters.setRequiresGradient(true);
        return new Reweighter(usesUncertainty, parameters);
    }

    /**
     * Weights [B] in (0, 2).
     *
     * @param losses detached per-sample losses [B]
     * @param uncertainties detached per-sample uncertainties [B]; ignored unless the net uses them
     */
    public NDArray weights(NDArray losses, NDArray uncertainties) {
        NDArray inputs = usesUncertainty
                ? NDArrays.stack(new ai.djl.ndarray.NDList(losses, uncertainties), 1)
                : losses.expandDims(1);
        NDArray hidden = Layers.relu(Layers.linear(inputs,
                parameters.get("reweighter.0.weight"), parameters.get("reweighter.0.bias")));
        NDArray out = Layers.linear(hidden, parameters.get("reweighter.1.weight"), parameters.get("reweighter.1.bias"));
        return Scalars.mul(Activation.sigmoid(out), 2.0).squeeze(1);
    }

    public boolean usesUncertainty() {
        return usesUncertainty;
    }

    public ParameterSet parameters() {
        return parameters;
    }
}

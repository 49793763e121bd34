package io.winnow.sama.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.winnow.sama.SplitMix64;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.autograd.Scalars;
import io.winnow.sama.model.Layers;

/**
 * The reweighting net w(ℓ, u, y; λ_r) of Meta-Weight-Net: a 2-layer MLP over a sample's detached
 * loss (and, when enabled, its uncertainty), with output 2·σ(·) in (0, 2). The last layer starts
 * at zero, so every weight starts at exactly 1 and training begins as plain finetuning.
 *
 * <p>Class-aware variant (CMW-Net, "class-aware Meta-Weight-Net"), opt-in: the net also reads the
 * one-hot of the sample's <em>given</em> label, so that it can weigh the same loss differently per
 * class. Under class-dependent label noise the mislabeled samples agree with the model's class bias
 * and have low loss; a loss-only net then weighs them up, a class-aware one can learn a per-class
 * loss threshold. Input columns: [loss, uncertainty (if enabled), one-hot given label (C columns)].
 */
public final class Reweighter {

    private final boolean usesUncertainty;
    private final int classInputs;
    private final ParameterSet parameters;

    private Reweighter(boolean usesUncertainty, int classInputs, ParameterSet parameters) {
        this.usesUncertainty = usesUncertainty;
        this.classInputs = classInputs;
        this.parameters = parameters;
    }

    /** A loss(-and-uncertainty)-only net, as in Meta-Weight-Net. */
    public static Reweighter create(
            NDManager manager, int hidden, boolean usesUncertainty, DataType dataType, SplitMix64 rng) {
        return create(manager, hidden, usesUncertainty, 0, dataType, rng);
    }

    /**
     * @param classInputs 0 for a net over loss (and uncertainty) only; the number of classes for a
     *     class-aware net that also reads the one-hot given label
     */
    public static Reweighter create(NDManager manager, int hidden, boolean usesUncertainty, int classInputs,
            DataType dataType, SplitMix64 rng) {
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden size must be positive: " + hidden);
        }
        if (classInputs < 0) {
            throw new IllegalArgumentException("class inputs must be >= 0: " + classInputs);
        }
        int inputs = (usesUncertainty ? 2 : 1) + classInputs;
        double bound = 1.0 / Math.sqrt(inputs);
        ParameterSet parameters = ParameterSet.builder()
                .add("reweighter.0.weight", Layers.uniform(manager, rng, new Shape(hidden, inputs), bound, dataType))
                .add("reweighter.0.bias", Layers.uniform(manager, rng, new Shape(hidden), bound, dataType))
                .add("reweighter.1.weight", manager.zeros(new Shape(1, hidden), dataType))
                .add("reweighter.1.bias", manager.zeros(new Shape(1), dataType))
                .build();
        parameters.setRequiresGradient(true);
        return new Reweighter(usesUncertainty, classInputs, parameters);
    }

    /**
     * Weights [B] in (0, 2) of a net that does not read the class.
     *
     * @param losses detached per-sample losses [B]
     * @param uncertainties detached per-sample uncertainties [B]; ignored unless the net uses them
     * @throws IllegalStateException if the net is class-aware
     */
    public NDArray weights(NDArray losses, NDArray uncertainties) {
        if (usesClass()) {
            throw new IllegalStateException("this reweighting net is class-aware: pass the given labels' one-hot");
        }
        return weights(losses, uncertainties, null);
    }

    /**
     * Weights [B] in (0, 2).
     *
     * @param losses detached per-sample losses [B]
     * @param uncertainties detached per-sample uncertainties [B]; ignored unless the net uses them
     * @param givenOneHot one-hot of each sample's given label [B, C] (an all-zero row for a sample
     *     without a label), same type and device as {@code losses}; ignored unless the net is class-aware
     */
    public NDArray weights(NDArray losses, NDArray uncertainties, NDArray givenOneHot) {
        NDArray inputs;
        if (!usesClass()) {
            inputs = usesUncertainty
                    ? NDArrays.stack(new NDList(losses, uncertainties), 1)
                    : losses.expandDims(1);
        } else {
            if (givenOneHot == null) {
                throw new IllegalArgumentException("a class-aware reweighting net needs the given labels' one-hot");
            }
            Shape expected = new Shape(losses.getShape().get(0), classInputs);
            if (!givenOneHot.getShape().equals(expected)) {
                throw new IllegalArgumentException("given labels' one-hot is " + givenOneHot.getShape()
                        + ", expected " + expected);
            }
            NDList columns = usesUncertainty
                    ? new NDList(losses.expandDims(1), uncertainties.expandDims(1), givenOneHot)
                    : new NDList(losses.expandDims(1), givenOneHot);
            inputs = NDArrays.concat(columns, 1);
        }
        NDArray hidden = Layers.relu(Layers.linear(inputs,
                parameters.get("reweighter.0.weight"), parameters.get("reweighter.0.bias")));
        NDArray out = Layers.linear(hidden, parameters.get("reweighter.1.weight"), parameters.get("reweighter.1.bias"));
        return Scalars.mul(Activation.sigmoid(out), 2.0).squeeze(1);
    }

    public boolean usesUncertainty() {
        return usesUncertainty;
    }

    /** Whether the net reads the one-hot given label (CMW-Net). */
    public boolean usesClass() {
        return classInputs > 0;
    }

    /** Number of one-hot class columns in the input: 0, or the number of classes. */
    public int classInputs() {
        return classInputs;
    }

    /** Columns of the net's input: 1 (loss) + 1 (uncertainty, if used) + class columns. */
    public int inputWidth() {
        return (usesUncertainty ? 2 : 1) + classInputs;
    }

    public ParameterSet parameters() {
        return parameters;
    }
}

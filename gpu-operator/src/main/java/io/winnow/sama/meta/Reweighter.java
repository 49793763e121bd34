package io.winnow.sama.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.autograd.Scalars;
import io.winnow.sama.model.Layers;
import io.winnow.sama.random.SplitMix64;

/**
 * The reweighting net w(ℓ, u, y; λ_r) of Meta-Weight-Net: a 2-layer MLP over a sample's detached
 * loss (and, when enabled, its uncertainty), with output 2·σ(·) in (0, 2). The last layer starts
 * at zero, so every weight starts at exactly 1 and training begins as plain finetuning.
 *
 * <p>Class-aware variant (CMW-Net, "class-aware Meta-Weight-Net"), opt-in: the net also reads the
 * one-hot of the sample's <em>given</em> label, so that it can weigh the same loss differently per
 * class. Under class-dependent label noise the mislabeled samples agree with the model's class bias
 * and have low loss; a loss-only net then weighs them up, a class-aware one can learn a per-class
 * loss threshold. Input columns: [loss, uncertainty (if enabled), one-hot given label (C columns),
 * sample columns (if any)].
 *
 * <p>Sample columns, opt-in, are per-sample facts beyond the model's view, e.g. the one-hot votes of
 * the labeling functions: with them the net can learn from the trusted stream which functions, or
 * which patterns of agreement, to distrust.
 */
public final class Reweighter {

    private final boolean usesUncertainty;
    private final int classInputs;
    private final int sampleInputs;
    private final ParameterSet parameters;

    private Reweighter(boolean usesUncertainty, int classInputs, int sampleInputs, ParameterSet parameters) {
        this.usesUncertainty = usesUncertainty;
        this.classInputs = classInputs;
        this.sampleInputs = sampleInputs;
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
        return create(manager, hidden, usesUncertainty, classInputs, 0, dataType, rng);
    }

    /** @param sampleInputs width of the per-sample columns (0 for none), e.g. labeling functions × classes for votes */
    public static Reweighter create(NDManager manager, int hidden, boolean usesUncertainty, int classInputs,
            int sampleInputs, DataType dataType, SplitMix64 rng) {
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden size must be positive: " + hidden);
        }
        if (classInputs < 0 || sampleInputs < 0) {
            throw new IllegalArgumentException("class and sample inputs must be >= 0: " + classInputs + ", " + sampleInputs);
        }
        int inputs = (usesUncertainty ? 2 : 1) + classInputs + sampleInputs;
        double bound = 1.0 / Math.sqrt(inputs);
        ParameterSet parameters = ParameterSet.builder()
                .add("reweighter.0.weight", Layers.uniform(manager, rng, new Shape(hidden, inputs), bound, dataType))
                .add("reweighter.0.bias", Layers.uniform(manager, rng, new Shape(hidden), bound, dataType))
                .add("reweighter.1.weight", manager.zeros(new Shape(1, hidden), dataType))
                .add("reweighter.1.bias", manager.zeros(new Shape(1), dataType))
                .build();
        parameters.setRequiresGradient(true);
        return new Reweighter(usesUncertainty, classInputs, sampleInputs, parameters);
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
        return weights(losses, uncertainties, givenOneHot, null);
    }

    /**
     * Weights [B] in (0, 2).
     *
     * @param sampleColumns [B, sampleInputs] per-sample columns, or null when the net reads none
     */
    public NDArray weights(NDArray losses, NDArray uncertainties, NDArray givenOneHot, NDArray sampleColumns) {
        long batch = losses.getShape().get(0);
        NDList columns = new NDList(losses.expandDims(1));
        if (usesUncertainty) {
            columns.add(uncertainties.expandDims(1));
        }
        if (usesClass()) {
            if (givenOneHot == null) {
                throw new IllegalArgumentException("a class-aware reweighting net needs the given labels' one-hot");
            }
            Shape expected = new Shape(batch, classInputs);
            if (!givenOneHot.getShape().equals(expected)) {
                throw new IllegalArgumentException("given labels' one-hot is " + givenOneHot.getShape()
                        + ", expected " + expected);
            }
            columns.add(givenOneHot);
        }
        if (sampleInputs > 0) {
            Shape expected = new Shape(batch, sampleInputs);
            if (sampleColumns == null || !sampleColumns.getShape().equals(expected)) {
                throw new IllegalArgumentException("the reweighting net reads " + expected + " sample columns, got "
                        + (sampleColumns == null ? "none" : sampleColumns.getShape()));
            }
            columns.add(sampleColumns);
        }
        NDArray inputs = columns.size() == 1 ? columns.get(0) : NDArrays.concat(columns, 1);
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

    /** Width of the per-sample columns: 0 for none. */
    public int sampleInputs() {
        return sampleInputs;
    }

    /** Columns of the net's input: 1 (loss) + 1 (uncertainty, if used) + class columns + sample columns. */
    public int inputWidth() {
        return (usesUncertainty ? 2 : 1) + classInputs + sampleInputs;
    }

    public ParameterSet parameters() {
        return parameters;
    }
}

package io.winnow.sama.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.winnow.sama.SplitMix64;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.autograd.Scalars;
import io.winnow.sama.model.Layers;

/**
 * The label-correction net c(·; λ_c). From the base model's detached class probabilities p, the
 * one-hot given label y, p ⊙ y and (when configured) the labeling functions' votes, a 2-layer MLP
 * produces a gate t ∈ [0, 1] and a logit adjustment δ; the corrected soft label is
 * c = y + t·(softmax(2·logits + δ) − y), a learned move from the given label towards the model's
 * sharpened, adjusted belief. Gate and adjustment layers start at zero, so c = y exactly at the
 * start. The gate is clamp(z, 0, 1) with a straight-through gradient: a plain clamp would stop all
 * gradient once z drifted below 0 and the gate could never reopen.
 */
public final class LabelCorrector {

    /**
     * The belief is the model's prediction sharpened to temperature ½: a corrected sample then
     * pulls the model towards its likely class. With the plain prediction as target a fully
     * corrected sample has zero gradient and the meta signal that keeps the gate open fades.
     */
    private static final double SHARPENING = 2.0;

    private final int numClasses;
    private final int labelingFunctions;
    private final ParameterSet parameters;

    private LabelCorrector(int numClasses, int labelingFunctions, ParameterSet parameters) {
        this.numClasses = numClasses;
        this.labelingFunctions = labelingFunctions;
        this.parameters = parameters;
    }

    public static LabelCorrector create(NDManager manager, int numClasses, int labelingFunctions, int hidden,
            DataType dataType, SplitMix64 rng) {
        if (numClasses < 2 || labelingFunctions < 0 || hidden < 1) {
            throw new IllegalArgumentException("need numClasses >= 2, labelingFunctions >= 0, hidden >= 1");
        }
        int inputs = 3 * numClasses + labelingFunctions * numClasses;
        double bound = 1.0 / Math.sqrt(inputs);
        ParameterSet parameters = ParameterSet.builder()
                .add("corrector.0.weight", Layers.uniform(manager, rng, new Shape(hidden, inputs), bound, dataType))
                .add("corrector.0.bias", Layers.uniform(manager, rng, new Shape(hidden), bound, dataType))
                .add("corrector.gate.weight", manager.zeros(new Shape(1, hidden), dataType))
                .add("corrector.gate.bias", manager.zeros(new Shape(1), dataType))
                .add("corrector.adjust.weight", manager.zeros(new Shape(numClasses, hidden), dataType))
                .add("corrector.adjust.bias", manager.zeros(new Shape(numClasses), dataType))
                .build();
        parameters.setRequiresGradient(true);
        return new LabelCorrector(numClasses, labelingFunctions, parameters);
    }

    /**
     * Corrected soft labels [B, K].
     *
     * @param logits the base model's logits [B, K], detached
     * @param givenLabels one-hot given labels [B, K]
     * @param votes one-hot votes [B, L·K] (all zero where a function abstains), or null when L = 0
     */
    public NDArray correct(NDArray logits, NDArray givenLabels, NDArray votes) {
        NDArray probabilities = logits.softmax(1);
        // p ⊙ y puts the model's belief in the given label in its own slot: the telling feature.
        NDList features = new NDList(probabilities, givenLabels, probabilities.mul(givenLabels));
        if (labelingFunctions > 0) {
            features.add(votes);
        }
        NDArray hidden = Layers.relu(Layers.linear(NDArrays.concat(features, 1),
                parameters.get("corrector.0.weight"), parameters.get("corrector.0.bias")));
        NDArray z = Layers.linear(hidden, parameters.get("corrector.gate.weight"), parameters.get("corrector.gate.bias"));
        // Forward: clamp(z, 0, 1). Backward: identity (straight-through), so a gate pushed below 0 can come back.
        NDArray gate = z.add(z.clip(0.0, 1.0).sub(z).stopGradient());
        NDArray adjustment = Layers.linear(hidden,
                parameters.get("corrector.adjust.weight"), parameters.get("corrector.adjust.bias"));
        NDArray belief = Scalars.mul(logits, SHARPENING).add(adjustment).softmax(1);
        return givenLabels.add(gate.mul(belief.sub(givenLabels)));
    }

    public int numClasses() {
        return numClasses;
    }

    public int labelingFunctions() {
        return labelingFunctions;
    }

    public ParameterSet parameters() {
        return parameters;
    }
}

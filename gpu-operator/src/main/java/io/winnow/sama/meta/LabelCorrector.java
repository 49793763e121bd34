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
 * The label-correction net c(·; λ_c). From the base model's detached class probabilities p, the
 * one-hot given label y, p ⊙ y and (when configured) the labeling functions' votes, a 2-layer MLP
 * produces a gate t ∈ [0, 1] and a logit adjustment δ; the corrected soft label is
 * c = y + t·(softmax(2·logits + δ) − y), a learned move from the given label towards the model's
 * sharpened, adjusted belief. The adjustment layer starts at zero; the gate ({@link CorrectorGate})
 * is either clamp(z, 0, 1) with a straight-through gradient, starting at z = 0 so that c = y
 * exactly (a plain clamp would stop all gradient once z drifted below 0), or a bounded sigmoid
 * starting nearly closed.
 */
public final class LabelCorrector {

    /**
     * The belief is the model's prediction sharpened to temperature ½: a corrected sample then
     * pulls the model towards its likely class. With the plain prediction as target a fully
     * corrected sample has zero gradient and the meta signal that keeps the gate open fades.
     */
    private static final double SHARPENING = 2.0;

    /** The sigmoid gate's starting pre-activation: σ(−4) ≈ 0.018. */
    public static final double SIGMOID_GATE_START = -4.0;

    private final int numClasses;
    private final int labelingFunctions;
    private final CorrectorGate gate;
    private final int experts;
    private final ParameterSet parameters;

    private LabelCorrector(int numClasses, int labelingFunctions, CorrectorGate gate, int experts,
            ParameterSet parameters) {
        this.numClasses = numClasses;
        this.labelingFunctions = labelingFunctions;
        this.gate = gate;
        this.experts = experts;
        this.parameters = parameters;
    }

    /** A corrector with the straight-through clamp gate: c = y exactly at the start. */
    public static LabelCorrector create(NDManager manager, int numClasses, int labelingFunctions, int hidden,
            DataType dataType, SplitMix64 rng) {
        return create(manager, numClasses, labelingFunctions, hidden, CorrectorGate.STRAIGHT_THROUGH_CLAMP, 0,
                dataType, rng);
    }

    /** @param experts how many experts' log-probabilities {@link #correct(NDArray, NDArray, NDArray, NDList)} gets */
    public static LabelCorrector create(NDManager manager, int numClasses, int labelingFunctions, int hidden,
            CorrectorGate gate, int experts, DataType dataType, SplitMix64 rng) {
        if (numClasses < 2 || labelingFunctions < 0 || hidden < 1 || experts < 0) {
            throw new IllegalArgumentException("need numClasses >= 2, labelingFunctions >= 0, hidden >= 1, experts >= 0");
        }
        int inputs = 3 * numClasses + labelingFunctions * numClasses + experts * numClasses;
        double bound = 1.0 / Math.sqrt(inputs);
        ParameterSet parameters = ParameterSet.builder()
                .add("corrector.0.weight", Layers.uniform(manager, rng, new Shape(hidden, inputs), bound, dataType))
                .add("corrector.0.bias", Layers.uniform(manager, rng, new Shape(hidden), bound, dataType))
                .add("corrector.gate.weight", manager.zeros(new Shape(1, hidden), dataType))
                .add("corrector.gate.bias", gate == CorrectorGate.SIGMOID
                        ? manager.full(new Shape(1), (float) SIGMOID_GATE_START, dataType)
                        : manager.zeros(new Shape(1), dataType))
                .add("corrector.adjust.weight", manager.zeros(new Shape(numClasses, hidden), dataType))
                .add("corrector.adjust.bias", manager.zeros(new Shape(numClasses), dataType))
                .build();
        parameters.setRequiresGradient(true);
        return new LabelCorrector(numClasses, labelingFunctions, gate, experts, parameters);
    }

    /**
     * Corrected soft labels [B, K].
     *
     * @param logits the base model's logits [B, K], detached
     * @param givenLabels one-hot given labels [B, K]
     * @param votes one-hot votes [B, L·K] (all zero where a function abstains), or null when L = 0
     */
    public NDArray correct(NDArray logits, NDArray givenLabels, NDArray votes) {
        return correct(logits, givenLabels, votes, null);
    }


    /**
     * Corrected soft labels [B, K] that start from other experts' views of each sample (a label
     * model's posterior, a model trained on trusted data only): the belief becomes
     * softmax(2·logits + Σ_e log q_e + δ), a product of experts, and each q_e is an input of the net.
     *
     * @param experts log-probabilities [B, K] of each expert, as many as the net was created for
     */
    public NDArray correct(NDArray logits, NDArray givenLabels, NDArray votes, NDList experts) {
        return correction(logits, givenLabels, votes, experts).corrected();
    }

    /**
     * A correction's parts: the gate t [B, 1] in [0, 1], the belief b [B, K] and the corrected soft
     * label c = y + t·(b − y) [B, K].
     */
    public record Correction(NDArray share, NDArray belief, NDArray corrected) {}

    /** The gate, belief and corrected label of {@link #correct(NDArray, NDArray, NDArray, NDList)}. */
    public Correction correction(NDArray logits, NDArray givenLabels, NDArray votes, NDList experts) {
        int count = experts == null ? 0 : experts.size();
        if (count != this.experts) {
            throw new IllegalArgumentException("this corrector reads " + this.experts + " experts, got " + count);
        }
        NDArray probabilities = logits.softmax(1);
        // p ⊙ y puts the model's belief in the given label in its own slot: the telling feature.
        NDList features = new NDList(probabilities, givenLabels, probabilities.mul(givenLabels));
        if (labelingFunctions > 0) {
            features.add(votes);
        }
        for (int e = 0; e < count; e++) {
            features.add(experts.get(e).exp());
        }
        NDArray hidden = Layers.relu(Layers.linear(NDArrays.concat(features, 1),
                parameters.get("corrector.0.weight"), parameters.get("corrector.0.bias")));
        NDArray z = Layers.linear(hidden, parameters.get("corrector.gate.weight"), parameters.get("corrector.gate.bias"));
        NDArray share = this.gate == CorrectorGate.SIGMOID
                ? Activation.sigmoid(z)
                // Forward: clamp(z, 0, 1). Backward: identity (straight-through), so a gate pushed below 0 can come back.
                : z.add(z.clip(0.0, 1.0).sub(z).stopGradient());
        NDArray adjustment = Layers.linear(hidden,
                parameters.get("corrector.adjust.weight"), parameters.get("corrector.adjust.bias"));
        NDArray beliefLogits = Scalars.mul(logits, SHARPENING).add(adjustment);
        for (int e = 0; e < count; e++) {
            beliefLogits = beliefLogits.add(experts.get(e));
        }
        NDArray belief = beliefLogits.softmax(1);
        return new Correction(share, belief, givenLabels.add(share.mul(belief.sub(givenLabels))));
    }

    public int numClasses() {
        return numClasses;
    }

    public int labelingFunctions() {
        return labelingFunctions;
    }

    public CorrectorGate gate() {
        return gate;
    }

    public ParameterSet parameters() {
        return parameters;
    }
}

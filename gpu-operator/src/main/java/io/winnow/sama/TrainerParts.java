package io.winnow.sama;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.label.LabelModel;
import io.winnow.sama.meta.LabelCorrector;
import io.winnow.sama.meta.Reweighter;
import io.winnow.sama.model.BaseLearner;
import io.winnow.sama.model.ModelSpec;
import io.winnow.sama.optim.Optimizer;
import io.winnow.sama.random.SplitMix64;

/**
 * What a trainer is made of, built once from its configuration: the generator, the base learner
 * and its EMA copy, the meta nets and their parameters λ, the label model, the trusted model and
 * gate, both optimizers, both example buffers and the window statistics.
 *
 * <p>One object hands these to the objective steps (which read and update them) and to
 * {@link TrainerState} (which writes and restores them), so that {@link SamaTrainer} keeps its own
 * fields private. Parts a configuration does not use are {@code null}: {@link #ema()} without an EMA
 * decay, the meta nets without meta learning, and so on; each accessor says when.
 */
final class TrainerParts implements AutoCloseable {

    private final SplitMix64 rng;
    private final BaseLearner learner;
    private final BaseLearner ema;
    private final Reweighter reweighter;
    private final LabelCorrector corrector;
    private final ParameterSet metaParameters;
    private final LabelModel labelModel;
    private final TrustedModel trustedModel;
    private final TrustedGate trustedGate;
    private final Optimizer baseOptimizer;
    private final Optimizer metaOptimizer;
    private final ExampleBuffer trusted;
    private final ExampleBuffer recent;
    private final WindowStatistics window = new WindowStatistics();

    TrainerParts(TrainerConfig config, NDManager root, Device device) {
        DataType dataType = config.dataType();
        this.rng = new SplitMix64(config.seed());
        try (Autograd.GradModeScope ignored = Autograd.paused()) {
            this.learner = config.model().create(root, device, dataType, rng);
            if (learner.numClasses() != config.numClasses()) {
                learner.close();
                throw new IllegalArgumentException("model has " + learner.numClasses()
                        + " classes, the task has " + config.numClasses());
            }
            this.ema = config.emaDecay() > 0 ? learner.replicate() : null;
            boolean meta = config.metaLearning();
            boolean labelModelOn = config.labelModel().enabled();
            int voteColumns = config.labelingFunctions() * config.numClasses() + (labelModelOn ? config.numClasses() : 0);
            boolean trustedModelOn = meta && config.trustedModel() && config.objective() == Objective.CURATION;
            this.reweighter = meta && config.reweight()
                    ? Reweighter.create(root, config.metaHidden(), config.reweighterUsesUncertainty(),
                            config.reweighterUsesClass() ? config.numClasses() : 0,
                            (config.reweighterUsesVotes() ? voteColumns : 0) + (trustedModelOn ? 1 : 0), dataType, rng)
                    : null;
            this.corrector = meta && config.correctLabels()
                    ? LabelCorrector.create(root, config.numClasses(), config.labelingFunctions(),
                            config.metaHidden(), config.correctorGate(), labelModelOn ? 1 : 0, dataType, rng)
                    : null;
            this.trustedModel = trustedModelOn
                    ? config.trustedModelReadsVotes()
                            ? TrustedModel.readingVotes((ModelSpec.Mlp) config.model(), config.labelingFunctions(),
                                    config.baseOptimizer().create(root), config.numClasses(), dataType, root, device, rng)
                            : new TrustedModel(learner, config.baseOptimizer().create(root), config.numClasses(), dataType)
                    : null;
            this.trustedGate = trustedModel != null && reweighter != null && config.trustedGate().enabled()
                    ? new TrustedGate(config.trustedGate(), config.numClasses())
                    : null;
            this.labelModel = labelModelOn
                    ? config.labelModel().create(config.numClasses(), config.labelingFunctions())
                    : null;
            this.metaParameters = ParameterSet.concat(
                    reweighter == null ? ParameterSet.builder().build() : reweighter.parameters(),
                    corrector == null ? ParameterSet.builder().build() : corrector.parameters());
            this.baseOptimizer = config.baseOptimizer().create(root);
            this.metaOptimizer = config.metaOptimizer().create(root);
        }
        this.trusted = new ExampleBuffer(config.bufferCapacity());
        this.recent = new ExampleBuffer(config.bufferCapacity());
    }

    /** The trainer's only source of randomness (restored with its state). */
    SplitMix64 rng() {
        return rng;
    }

    BaseLearner learner() {
        return learner;
    }

    /** The exponential moving average of θ; {@code null} when the EMA decay is 0. */
    BaseLearner ema() {
        return ema;
    }

    /** {@code null} without meta learning or with reweighting off. */
    Reweighter reweighter() {
        return reweighter;
    }

    /** {@code null} without meta learning or with label correction off. */
    LabelCorrector corrector() {
        return corrector;
    }

    /** λ: the reweighter's parameters, then the corrector's (empty without meta nets). */
    ParameterSet metaParameters() {
        return metaParameters;
    }

    /** {@code null} when the label model is off. */
    LabelModel labelModel() {
        return labelModel;
    }

    /** {@code null} unless a curation task with meta learning asks for it. */
    TrustedModel trustedModel() {
        return trustedModel;
    }

    /** {@code null} unless there is a trusted model, a reweighter and the gate is on. */
    TrustedGate trustedGate() {
        return trustedGate;
    }

    Optimizer baseOptimizer() {
        return baseOptimizer;
    }

    Optimizer metaOptimizer() {
        return metaOptimizer;
    }

    /** Trusted samples that meta batches (and mixed-in base samples) are drawn from. */
    ExampleBuffer trusted() {
        return trusted;
    }

    /** Training samples, the meta data in pruning mode: the most recent ones, or a reservoir of all seen. */
    ExampleBuffer recent() {
        return recent;
    }

    WindowStatistics window() {
        return window;
    }

    /** Frees the models' arrays; the optimizers' and meta nets' live in the trainer's root manager. */
    @Override
    public void close() {
        learner.close();
        if (trustedModel != null) {
            trustedModel.close();
        }
        if (ema != null) {
            ema.close();
        }
    }
}

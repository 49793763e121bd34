package io.winnow.sama;

import ai.djl.ndarray.types.DataType;
import io.winnow.sama.hyper.HypergradientSpec;
import io.winnow.sama.label.LabelModelSpec;
import io.winnow.sama.meta.CorrectorGate;
import io.winnow.sama.model.ModelSpec;
import io.winnow.sama.optim.OptimizerSpec;

import java.util.Objects;

/**
 * Everything that shapes a {@link SamaTrainer}. Build with {@link #builder(ModelSpec, int)}; every
 * value is checked when {@link Builder#build()} runs, with a message naming the setting.
 *
 * @param model the base learner
 * @param numClasses classes of the curation task
 * @param baseOptimizer optimizer of θ
 * @param metaOptimizer optimizer of λ
 * @param hypergradient how meta gradients are computed (FINETUNE for none)
 * @param reweight whether the reweighting net sets per-sample weights (otherwise every weight is 1)
 * @param correctLabels whether the label-correction net corrects labels (otherwise labels stay as given)
 * @param reweighterUsesUncertainty feed the EMA-disagreement uncertainty to the reweighting net
 * @param reweighterUsesClass feed the one-hot of each sample's given label to the reweighting net
 *     (class-aware Meta-Weight-Net, CMW-Net), so that it can weigh the same loss differently per
 *     class, as class-dependent label noise needs; off by default
 * @param normalizeWeights divide each batch's weights by their mean, so the weights set only the
 *     relative influence of the samples and cannot act as a larger learning rate (which a meta
 *     gradient early in training favours); off by default, as in the paper
 * @param recomputeMetaInputs recompute the meta nets' inputs (loss, probabilities, uncertainty) at
 *     θ+ and at θ− in SAMA's perturbed passes, as the reference code does; by default they are
 *     computed once at θ after the base update (the centre of θ±, one plain forward with the base
 *     step's dropout masks) and held fixed, which is the hypergradient exact implicit
 *     differentiation computes when the base step feeds the meta nets detached values, and keeps
 *     the change of those inputs along θ± out of λ's gradient
 * @param coupling how weight and corrected label enter the base loss when both nets are on
 * @param reweighCorrectedLoss the reweighting net reads the loss against the detached corrected
 *     label (the paper's w(L(f, c))) instead of the loss against the given label
 * @param correctorGate the label-correction net's gate
 * @param reweighterUsesVotes feed the labeling functions' one-hot votes (and the label model's
 *     posterior, when there is one) to the reweighting net
 * @param labelModel an online Dawid–Skene model of the labeling functions whose posterior the
 *     corrector starts from and the meta nets read; needs labeling functions
 * @param trustedModel train a second copy of the base model on the trusted samples alone (one
 *     step on a trusted batch per base step) whose loss on the given label the reweighting net
 *     reads; needs trusted meta data
 * @param trustedModelReadsVotes the trusted model reads the labeling functions' one-hot votes beside
 *     the features (its own MLP over both; dense MLP tasks with labeling functions only): it learns from
 *     the trusted samples which functions to believe. Off by default: on the dev splits it was worth
 *     about +1 point on the fortune topics' weak labels and nothing on SpamAssassin's (BENCHMARKS.md)
 * @param trustedGate whether (and how sharply) the trusted model's per-class judgement gates the
 *     reweighting net's weights ({@link TrustedGateSpec}); the builder's default is on wherever the
 *     trusted model and the reweighting net are, off elsewhere
 * @param trustedPerBatch trusted samples mixed into every base batch, at weight 1 with their own
 *     labels (no outcome is emitted for them); 0 for none, the default: beside the trusted gate,
 *     mixing them in cost dev accuracy where the trusted set is small (BENCHMARKS.md)
 * @param metaHidden hidden width of both meta nets
 * @param labelingFunctions number of labeling-function votes each sample may carry (0 for none)
 * @param unroll base steps per meta step
 * @param metaBatchSize samples per meta batch
 * @param metaData where meta batches come from
 * @param bufferCapacity capacity of the trusted (or recent-training) buffer
 * @param emaDecay decay of the EMA copy of θ used for uncertainty; 0 turns the EMA off (its extra
 *     forward and θ copy per step). The builder's default is 0.99 when the reweighting net reads the
 *     uncertainty and 0 otherwise (outcomes then report uncertainty 0)
 * @param maxGradNorm clip θ's gradient to this global norm; 0 for no clipping
 * @param seed seed of the trainer's generator (initialisation, dropout, meta batches)
 * @param dataType FLOAT32, or FLOAT64 for exact checks
 * @param gpuIndex the GPU to run on, or -1 for the CPU
 * @param objective curation of labeled samples, or continued pretraining on unlabeled text
 * @param maskProbability share of tokens chosen for the masked-token objective (continued pretraining)
 * @param finetuneBatchSize labeled (trusted) samples in the finetuning term of each continued-pretraining base step
 */
public record TrainerConfig(
        ModelSpec model,
        int numClasses,
        OptimizerSpec baseOptimizer,
        OptimizerSpec metaOptimizer,
        HypergradientSpec hypergradient,
        boolean reweight,
        boolean correctLabels,
        boolean reweighterUsesUncertainty,
        boolean reweighterUsesClass,
        boolean normalizeWeights,
        boolean recomputeMetaInputs,
        CorrectionCoupling coupling,
        boolean reweighCorrectedLoss,
        CorrectorGate correctorGate,
        boolean reweighterUsesVotes,
        LabelModelSpec labelModel,
        boolean trustedModel,
        boolean trustedModelReadsVotes,
        TrustedGateSpec trustedGate,
        int trustedPerBatch,
        int metaHidden,
        int labelingFunctions,
        int unroll,
        int metaBatchSize,
        MetaDataSource metaData,
        int bufferCapacity,
        double emaDecay,
        double maxGradNorm,
        long seed,
        DataType dataType,
        int gpuIndex,
        Objective objective,
        double maskProbability,
        int finetuneBatchSize) implements java.io.Serializable {

    public TrainerConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(baseOptimizer, "baseOptimizer");
        Objects.requireNonNull(metaOptimizer, "metaOptimizer");
        Objects.requireNonNull(hypergradient, "hypergradient");
        Objects.requireNonNull(metaData, "metaData");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(coupling, "coupling");
        Objects.requireNonNull(correctorGate, "correctorGate");
        Objects.requireNonNull(labelModel, "labelModel");
        Objects.requireNonNull(trustedGate, "trustedGate");
        require(!trustedGate.enabled() || (trustedModel && reweight),
                "the trusted gate needs the trusted model and the reweighting net");
        require(!reweighterUsesVotes || labelingFunctions > 0, "the reweighting net's vote input needs labeling functions");
        require(!labelModel.enabled() || labelingFunctions > 0, "a label model needs labeling functions");
        require(trustedPerBatch >= 0, "trustedPerBatch must be >= 0: " + trustedPerBatch);
        require(!trustedModel || metaData == MetaDataSource.TRUSTED, "a trusted model needs trusted meta data");
        require(!trustedModelReadsVotes || (trustedModel && labelingFunctions > 0 && model instanceof ModelSpec.Mlp),
                "a trusted model that reads votes needs the trusted model, labeling functions and an MLP over features");
        require(!(normalizeWeights && coupling == CorrectionCoupling.COMPLEMENTARY && reweight && correctLabels),
                "complementary coupling keeps weights in (0, 2) (the given label's share is w/2): turn weight normalisation off");
        require(numClasses >= 2, "numClasses must be at least 2: " + numClasses);
        require(metaHidden >= 1, "metaHidden must be positive: " + metaHidden);
        require(labelingFunctions >= 0, "labelingFunctions must be >= 0: " + labelingFunctions);
        require(unroll >= 1, "unroll must be at least 1: " + unroll);
        require(metaBatchSize >= 1, "metaBatchSize must be at least 1: " + metaBatchSize);
        require(bufferCapacity >= metaBatchSize,
                "bufferCapacity (" + bufferCapacity + ") must hold at least one meta batch (" + metaBatchSize + ")");
        require(emaDecay >= 0 && emaDecay < 1, "emaDecay must be in [0, 1): " + emaDecay);
        require(maxGradNorm >= 0 && !Double.isNaN(maxGradNorm), "maxGradNorm must be >= 0: " + maxGradNorm);
        require(dataType == DataType.FLOAT32 || dataType == DataType.FLOAT64,
                "dataType must be FLOAT32 or FLOAT64: " + dataType);
        require(gpuIndex >= -1, "gpuIndex must be -1 (CPU) or a GPU index: " + gpuIndex);
        require(!reweighterUsesUncertainty || emaDecay > 0,
                "the reweighting net's uncertainty input needs the EMA model (emaDecay > 0)");
        require(maskProbability > 0 && maskProbability <= 1, "maskProbability must be in (0, 1]: " + maskProbability);
        require(finetuneBatchSize >= 1, "finetuneBatchSize must be at least 1: " + finetuneBatchSize);
        if (objective == Objective.CONTINUED_PRETRAINING) {
            require(model instanceof ModelSpec.Text text && text.spec().maskedTokenHead(),
                    "continued pretraining needs a text model with a masked-token head");
            require(!correctLabels, "continued pretraining has no labels to correct: turn label correction off");
            require(!labelModel.enabled() && !reweighterUsesVotes && trustedPerBatch == 0 && !trustedModel,
                    "continued pretraining has no votes to model and mixes labeled data in already");
            require(!reweighterUsesUncertainty && !reweighterUsesClass,
                    "in continued pretraining the reweighting net reads the masked-token loss only");
            require(metaData == MetaDataSource.TRUSTED,
                    "in continued pretraining the meta data are the downstream task's labeled (trusted) samples");
            HypergradientSpec.Method method = hypergradient.method();
            require(method == HypergradientSpec.Method.FINETUNE || method == HypergradientSpec.Method.SAMA
                            || method == HypergradientSpec.Method.SAMA_NA,
                    "continued pretraining supports the finetune, sama and sama-na methods, not " + method);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Defaults follow the paper's noisy-finetuning settings, with learning rates for small models,
     * and three changes measured on SpamAssassin (BENCHMARKS.md): for curation with trusted meta
     * data and meta learning on, a trusted model informs the reweighting net and 8 trusted samples
     * join every base batch;
     * label correction, when on, uses the gated coupling (chosen on a dev split of the SpamAssassin
     * training e-mails: the complementary one corrects more labels but trains a worse model).
     */
    public static Builder builder(ModelSpec model, int numClasses) {
        return new Builder(model, numClasses);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether meta steps run at all. */
    public boolean metaLearning() {
        return hypergradient.method() != HypergradientSpec.Method.FINETUNE && (reweight || correctLabels);
    }

    public static final class Builder {
        private ModelSpec model;
        private int numClasses;
        private OptimizerSpec baseOptimizer = OptimizerSpec.adam(1e-3);
        private OptimizerSpec metaOptimizer = OptimizerSpec.adam(1e-3);
        private HypergradientSpec hypergradient = HypergradientSpec.of(HypergradientSpec.Method.SAMA);
        private boolean reweight = true;
        private boolean correctLabels = false;
        private boolean reweighterUsesUncertainty = false;
        private boolean reweighterUsesClass = false;
        private boolean normalizeWeights = false;
        private boolean recomputeMetaInputs = false;
        private CorrectionCoupling coupling = CorrectionCoupling.GATED;
        private boolean reweighCorrectedLoss = false;
        private CorrectorGate correctorGate = CorrectorGate.STRAIGHT_THROUGH_CLAMP;
        private boolean reweighterUsesVotes = false;
        private LabelModelSpec labelModel = LabelModelSpec.OFF;
        // null: on for curation with trusted meta data, off otherwise
        private Boolean trustedModel;
        // null: on wherever the trusted model and the reweighting net are, off otherwise
        private TrustedGateSpec trustedGate;
        private boolean trustedModelReadsVotes;
        private Integer trustedPerBatch;
        private int metaHidden = 100;
        private int labelingFunctions = 0;
        private int unroll = 10;
        private int metaBatchSize = 32;
        private MetaDataSource metaData = MetaDataSource.TRUSTED;
        private int bufferCapacity = 1024;
        private Double emaDecay; // null: on (0.99) only when the reweighting net reads the uncertainty
        private double maxGradNorm = 0;
        private long seed = 0;
        private DataType dataType = DataType.FLOAT32;
        private int gpuIndex = -1;
        private Objective objective = Objective.CURATION;
        private double maskProbability = 0.15;
        private int finetuneBatchSize = 32;

        private Builder(ModelSpec model, int numClasses) {
            this.model = model;
            this.numClasses = numClasses;
        }

        private Builder(TrainerConfig c) {
            model = c.model;
            numClasses = c.numClasses;
            baseOptimizer = c.baseOptimizer;
            metaOptimizer = c.metaOptimizer;
            hypergradient = c.hypergradient;
            reweight = c.reweight;
            correctLabels = c.correctLabels;
            reweighterUsesUncertainty = c.reweighterUsesUncertainty;
            reweighterUsesClass = c.reweighterUsesClass;
            normalizeWeights = c.normalizeWeights;
            recomputeMetaInputs = c.recomputeMetaInputs;
            coupling = c.coupling;
            reweighCorrectedLoss = c.reweighCorrectedLoss;
            correctorGate = c.correctorGate;
            reweighterUsesVotes = c.reweighterUsesVotes;
            labelModel = c.labelModel;
            trustedModel = c.trustedModel;
            trustedGate = c.trustedGate;
            trustedModelReadsVotes = c.trustedModelReadsVotes;
            trustedPerBatch = c.trustedPerBatch;
            metaHidden = c.metaHidden;
            labelingFunctions = c.labelingFunctions;
            unroll = c.unroll;
            metaBatchSize = c.metaBatchSize;
            metaData = c.metaData;
            bufferCapacity = c.bufferCapacity;
            emaDecay = c.emaDecay;
            maxGradNorm = c.maxGradNorm;
            seed = c.seed;
            dataType = c.dataType;
            gpuIndex = c.gpuIndex;
            objective = c.objective;
            maskProbability = c.maskProbability;
            finetuneBatchSize = c.finetuneBatchSize;
        }

        public Builder model(ModelSpec value) { model = value; return this; }
        public Builder numClasses(int value) { numClasses = value; return this; }
        public Builder baseOptimizer(OptimizerSpec value) { baseOptimizer = value; return this; }
        public Builder metaOptimizer(OptimizerSpec value) { metaOptimizer = value; return this; }
        public Builder hypergradient(HypergradientSpec value) { hypergradient = value; return this; }
        public Builder hypergradient(HypergradientSpec.Method value) { hypergradient = HypergradientSpec.of(value); return this; }
        public Builder reweight(boolean value) { reweight = value; return this; }
        public Builder correctLabels(boolean value) { correctLabels = value; return this; }
        public Builder reweighterUsesUncertainty(boolean value) { reweighterUsesUncertainty = value; return this; }
        public Builder reweighterUsesClass(boolean value) { reweighterUsesClass = value; return this; }
        public Builder normalizeWeights(boolean value) { normalizeWeights = value; return this; }
        public Builder recomputeMetaInputs(boolean value) { recomputeMetaInputs = value; return this; }
        public Builder coupling(CorrectionCoupling value) { coupling = value; return this; }
        public Builder reweighCorrectedLoss(boolean value) { reweighCorrectedLoss = value; return this; }
        public Builder correctorGate(CorrectorGate value) { correctorGate = value; return this; }
        public Builder reweighterUsesVotes(boolean value) { reweighterUsesVotes = value; return this; }
        public Builder labelModel(LabelModelSpec value) { labelModel = value; return this; }
        public Builder trustedModel(boolean value) { trustedModel = value; return this; }
        public Builder trustedGate(TrustedGateSpec value) { trustedGate = value; return this; }
        public Builder trustedModelReadsVotes(boolean value) { trustedModelReadsVotes = value; return this; }
        public Builder trustedPerBatch(int value) { trustedPerBatch = value; return this; }
        public Builder metaHidden(int value) { metaHidden = value; return this; }
        public Builder labelingFunctions(int value) { labelingFunctions = value; return this; }
        public Builder unroll(int value) { unroll = value; return this; }
        public Builder metaBatchSize(int value) { metaBatchSize = value; return this; }
        public Builder metaData(MetaDataSource value) { metaData = value; return this; }
        public Builder bufferCapacity(int value) { bufferCapacity = value; return this; }
        public Builder emaDecay(double value) { emaDecay = value; return this; }
        public Builder maxGradNorm(double value) { maxGradNorm = value; return this; }
        public Builder seed(long value) { seed = value; return this; }
        public Builder dataType(DataType value) { dataType = value; return this; }
        public Builder gpuIndex(int value) { gpuIndex = value; return this; }
        public Builder objective(Objective value) { objective = value; return this; }
        public Builder maskProbability(double value) { maskProbability = value; return this; }
        public Builder finetuneBatchSize(int value) { finetuneBatchSize = value; return this; }

        /** Whether a trusted model applies by default: curation with trusted meta data. */
        private boolean trustedDataServes() {
            return objective == Objective.CURATION && metaData == MetaDataSource.TRUSTED
                    && hypergradient.method() != HypergradientSpec.Method.FINETUNE && (reweight || correctLabels);
        }

        public TrainerConfig build() {
            boolean trusted = trustedModel != null ? trustedModel : trustedDataServes();
            TrustedGateSpec gate = trustedGate != null ? trustedGate
                    : trusted && reweight ? TrustedGateSpec.defaults() : TrustedGateSpec.OFF;
            return new TrainerConfig(model, numClasses, baseOptimizer, metaOptimizer, hypergradient, reweight,
                    correctLabels, reweighterUsesUncertainty, reweighterUsesClass, normalizeWeights, recomputeMetaInputs,
                    coupling, reweighCorrectedLoss, correctorGate, reweighterUsesVotes, labelModel,
                    trusted, trustedModelReadsVotes, gate,
                    trustedPerBatch != null ? trustedPerBatch : 0, metaHidden, labelingFunctions, unroll, metaBatchSize,
                    metaData, bufferCapacity,
                    emaDecay != null ? emaDecay : reweighterUsesUncertainty ? 0.99 : 0, maxGradNorm, seed, dataType, gpuIndex, objective, maskProbability,
                    finetuneBatchSize);
        }
    }
}

package io.winnow.jobs.config;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of one curation task, typed and documented. Each key here is set for one task as
 * {@code task.<name>.<key>} or for every task as {@code task-defaults.<key>} (the task's own key
 * wins). Options without a default here have one that depends on the rest of the task (the
 * objective, or another option), which {@code TaskSpecParser} applies and
 * {@code conf/curation.example.properties} documents. Choices are strings checked against their
 * allowed values, since their documented spellings ({@code continued-pretraining},
 * {@code multi-class}) are not the engine's enum names.
 */
@PublicEvolving
public final class TaskOptions {

    private TaskOptions() {}

    /** Prefix of one task's keys, followed by the task's name and a dot. */
    public static final String TASK_PREFIX = "task.";

    /** Prefix of the keys that every task reads unless it sets its own. */
    public static final String DEFAULTS_PREFIX = "task-defaults.";

    // --- What the task learns, and with which model ---------------------------------------------

    public static final ConfigOption<Integer> CLASSES = ConfigOptions.key("classes").intType().noDefaultValue()
            .withDescription("Number of classes (required).");
    public static final ConfigOption<String> OBJECTIVE = ConfigOptions.key("objective").stringType().defaultValue("curation")
            .withDescription("curation | continued-pretraining.");
    public static final ConfigOption<String> MODEL = ConfigOptions.key("model").stringType().defaultValue("mlp")
            .withDescription("mlp | text | torchscript.");
    public static final ConfigOption<Integer> INPUT_DIMENSION = ConfigOptions.key("input.dimension").intType().noDefaultValue()
            .withDescription("Feature dimension of dense inputs (required for mlp and dense torchscript).");
    public static final ConfigOption<String> MLP_HIDDEN = ConfigOptions.key("mlp.hidden").stringType().defaultValue("256")
            .withDescription("Hidden layer widths of the MLP, comma-separated.");
    public static final ConfigOption<Double> DROPOUT = ConfigOptions.key("dropout").doubleType().defaultValue(0.0)
            .withDescription("Dropout probability of the base model.");
    public static final ConfigOption<Integer> TEXT_VOCABULARY = ConfigOptions.key("text.vocabulary").intType().noDefaultValue()
            .withDescription("Vocabulary size of token inputs (required for text).");
    public static final ConfigOption<Integer> TEXT_MAX_LENGTH = ConfigOptions.key("text.max-length").intType().defaultValue(128)
            .withDescription("Tokens per sample.");
    public static final ConfigOption<Integer> TEXT_EMBEDDING = ConfigOptions.key("text.embedding").intType().defaultValue(128)
            .withDescription("Embedding width of the text model.");
    public static final ConfigOption<Integer> TEXT_ENCODER_LAYERS = ConfigOptions.key("text.encoder-layers").intType().defaultValue(0)
            .withDescription("Transformer encoder layers (0: embedding, mean pooling and an MLP).");
    public static final ConfigOption<Integer> TEXT_HEADS = ConfigOptions.key("text.heads").intType().defaultValue(4)
            .withDescription("Attention heads per encoder layer.");
    public static final ConfigOption<Integer> TEXT_FFN = ConfigOptions.key("text.ffn").intType().defaultValue(256)
            .withDescription("Feed-forward width of the encoder layers.");
    public static final ConfigOption<String> TEXT_HIDDEN = ConfigOptions.key("text.hidden").stringType().defaultValue("128")
            .withDescription("Hidden widths of the text model's classifier head, comma-separated.");
    public static final ConfigOption<String> TORCHSCRIPT_FILE = ConfigOptions.key("torchscript.file").stringType().noDefaultValue()
            .withDescription("TorchScript model file (required for torchscript).");
    public static final ConfigOption<String> TORCHSCRIPT_INPUT = ConfigOptions.key("torchscript.input").stringType().defaultValue("dense")
            .withDescription("dense | tokens: what the TorchScript model reads.");
    public static final ConfigOption<Integer> LABELING_FUNCTIONS = ConfigOptions.key("labeling-functions").intType().defaultValue(0)
            .withDescription("Labeling functions whose votes samples may carry (0: none).");
    public static final ConfigOption<Double> MASK_PROBABILITY = ConfigOptions.key("mask-probability").doubleType().defaultValue(0.15)
            .withDescription("Continued pretraining: share of tokens masked.");
    public static final ConfigOption<Integer> FINETUNE_BATCH = ConfigOptions.key("finetune-batch").intType().defaultValue(32)
            .withDescription("Continued pretraining: labeled samples per finetuning step.");

    // --- Meta learning ----------------------------------------------------------------------------

    public static final ConfigOption<String> METHOD = ConfigOptions.key("method").stringType().defaultValue("sama")
            .withDescription("sama | sama-na | finetune | neumann | cg.");
    public static final ConfigOption<Double> ALPHA = ConfigOptions.key("alpha").doubleType().noDefaultValue()
            .withDescription("SAMA's finite-difference scale (1.0; 0.3 for continued pretraining).");
    public static final ConfigOption<Integer> ITERATIONS = ConfigOptions.key("iterations").intType().noDefaultValue()
            .withDescription("Iterations of the Neumann or CG hypergradient (the method's default).");
    public static final ConfigOption<Double> NEUMANN_SCALE = ConfigOptions.key("neumann-scale").doubleType().noDefaultValue()
            .withDescription("Step of the Neumann series (the method's default).");
    public static final ConfigOption<Boolean> MULTITASK_STEP = ConfigOptions.key("multitask-step").booleanType().defaultValue(false)
            .withDescription("Add the meta loss's gradient to the base step.");
    public static final ConfigOption<Boolean> REWEIGHT = ConfigOptions.key("reweight").booleanType().defaultValue(true)
            .withDescription("Learn an importance weight per sample.");
    public static final ConfigOption<Boolean> CORRECT = ConfigOptions.key("correct").booleanType().defaultValue(false)
            .withDescription("Learn a corrected label per sample.");
    public static final ConfigOption<Boolean> UNCERTAINTY = ConfigOptions.key("uncertainty").booleanType().defaultValue(false)
            .withDescription("The reweighting net reads the model's uncertainty against its EMA.");
    public static final ConfigOption<Boolean> REWEIGHT_CLASS_AWARE = ConfigOptions.key("reweight-class-aware").booleanType().defaultValue(false)
            .withDescription("The reweighting net also reads the given label (CMW-Net).");
    public static final ConfigOption<Boolean> REWEIGHT_NORMALIZE = ConfigOptions.key("reweight-normalize").booleanType().defaultValue(false)
            .withDescription("Divide each batch's weights by their mean.");
    public static final ConfigOption<Boolean> RECOMPUTE_META_INPUTS = ConfigOptions.key("recompute-meta-inputs").booleanType().defaultValue(false)
            .withDescription("Recompute the meta nets' inputs at the perturbed parameters.");
    public static final ConfigOption<String> CORRECTION_COUPLING = ConfigOptions.key("correction-coupling").stringType().defaultValue("gated")
            .withDescription("gated | complementary | multiplicative: how weight and corrected label enter the loss.");
    public static final ConfigOption<String> CORRECTION_GATE = ConfigOptions.key("correction-gate").stringType().defaultValue("clamp")
            .withDescription("clamp | sigmoid: the corrector's gate.");
    public static final ConfigOption<String> REWEIGHT_INPUT = ConfigOptions.key("reweight-input").stringType().defaultValue("given")
            .withDescription("given | corrected: which label's loss the reweighting net reads.");
    public static final ConfigOption<Boolean> REWEIGHT_VOTES = ConfigOptions.key("reweight-votes").booleanType().defaultValue(false)
            .withDescription("The reweighting net reads the labeling functions' votes.");
    public static final ConfigOption<Boolean> LABEL_MODEL = ConfigOptions.key("label-model").booleanType().defaultValue(false)
            .withDescription("An online Dawid-Skene label model whose posterior the corrector starts from.");
    public static final ConfigOption<Double> LABEL_MODEL_PRIOR_ACCURACY = ConfigOptions.key("label-model.prior-accuracy").doubleType().noDefaultValue()
            .withDescription("Prior accuracy of every labeling function.");
    public static final ConfigOption<Double> LABEL_MODEL_PRIOR_STRENGTH = ConfigOptions.key("label-model.prior-strength").doubleType().noDefaultValue()
            .withDescription("Pseudo-counts of the prior.");
    public static final ConfigOption<Integer> LABEL_MODEL_WINDOW = ConfigOptions.key("label-model.window").intType().noDefaultValue()
            .withDescription("Recent votes the EM runs over.");
    public static final ConfigOption<Double> LABEL_MODEL_TRUSTED_WEIGHT = ConfigOptions.key("label-model.trusted-weight").doubleType().noDefaultValue()
            .withDescription("Weight of a trusted sample's known label in the EM.");
    public static final ConfigOption<Integer> META_HIDDEN = ConfigOptions.key("meta-hidden").intType().defaultValue(100)
            .withDescription("Hidden width of the meta nets.");
    public static final ConfigOption<Integer> UNROLL = ConfigOptions.key("unroll").intType().defaultValue(10)
            .withDescription("Base steps per meta step.");
    public static final ConfigOption<Integer> META_BATCH = ConfigOptions.key("meta-batch").intType().defaultValue(32)
            .withDescription("Samples per meta batch.");
    public static final ConfigOption<String> META_DATA = ConfigOptions.key("meta-data").stringType().defaultValue("trusted")
            .withDescription("trusted | recent-training | seen-training: where meta batches come from (pruning mode:"
                    + " the most recent training samples, or a uniform sample of every one seen so far).");
    public static final ConfigOption<Integer> TRUSTED_CAPACITY = ConfigOptions.key("trusted-capacity").intType().defaultValue(1024)
            .withDescription("Trusted samples kept for meta batches.");
    public static final ConfigOption<Double> EMA_DECAY = ConfigOptions.key("ema-decay").doubleType().noDefaultValue()
            .withDescription("Decay of the EMA model (0.99 where uncertainty is read, else 0: off).");
    public static final ConfigOption<Double> MAX_GRAD_NORM = ConfigOptions.key("max-grad-norm").doubleType().defaultValue(0.0)
            .withDescription("Gradient clipping norm of the base step (0: off).");
    public static final ConfigOption<Long> SEED = ConfigOptions.key("seed").longType().defaultValue(0L)
            .withDescription("Seed of the task's generator.");

    // --- The trusted model and its gate -----------------------------------------------------------

    public static final ConfigOption<Boolean> TRUSTED_MODEL = ConfigOptions.key("trusted-model").booleanType().noDefaultValue()
            .withDescription("A model of the trusted samples alone informs the reweighting net (on for curation"
                    + " with meta learning and trusted meta data).");
    public static final ConfigOption<Boolean> TRUSTED_MODEL_VOTES = ConfigOptions.key("trusted-model.votes").booleanType().defaultValue(false)
            .withDescription("The trusted model also reads the labeling functions' votes (MLP tasks with"
                    + " labeling-functions > 0): it learns from the trusted samples which functions to believe.");
    public static final ConfigOption<Boolean> TRUSTED_GATE = ConfigOptions.key("trusted-gate").booleanType().noDefaultValue()
            .withDescription("Multiply each weight by the trusted model's per-class gate (on wherever the trusted"
                    + " model and reweighting are).");
    public static final ConfigOption<Double> TRUSTED_GATE_TEMPERATURE = ConfigOptions.key("trusted-gate.temperature").doubleType().noDefaultValue()
            .withDescription("Temperature of the gate's sigmoid (0: a hard gate).");
    public static final ConfigOption<Double> TRUSTED_GATE_DECAY = ConfigOptions.key("trusted-gate.decay").doubleType().noDefaultValue()
            .withDescription("Decay per batch of the gate's per-class running means.");
    public static final ConfigOption<String> TRUSTED_GATE_AGREEMENT = ConfigOptions.key("trusted-gate.agreement").stringType().defaultValue("multi-class")
            .withDescription("multi-class | always | never: relabel only where the trusted model names the same class.");
    public static final ConfigOption<Integer> TRUSTED_PER_BATCH = ConfigOptions.key("trusted-per-batch").intType().noDefaultValue()
            .withDescription("Trusted samples mixed into every base batch (0).");

    // --- Optimizers -------------------------------------------------------------------------------

    /** The base model's optimizer: {@code optimizer}, {@code lr}, … */
    public static final OptimizerOptions BASE_OPTIMIZER = new OptimizerOptions("");

    /** The meta nets' optimizer: the same keys with a {@code meta-} prefix. */
    public static final OptimizerOptions META_OPTIMIZER = new OptimizerOptions("meta-");

    /**
     * One optimizer's keys. Defaults that differ between the base and the meta optimizer or by
     * objective (kind, learning rate, β2, ε) are applied by the parser.
     */
    public record OptimizerOptions(
            ConfigOption<String> kind,
            ConfigOption<Double> learningRate,
            ConfigOption<Double> weightDecay,
            ConfigOption<Double> momentum,
            ConfigOption<Double> beta1,
            ConfigOption<Double> beta2,
            ConfigOption<Double> eps,
            ConfigOption<String> schedule,
            ConfigOption<Long> warmupSteps,
            ConfigOption<Long> totalSteps) {

        OptimizerOptions(String prefix) {
            this(ConfigOptions.key(prefix + "optimizer").stringType().noDefaultValue()
                            .withDescription("adam | adamw | sgd."),
                    ConfigOptions.key(prefix + "lr").doubleType().noDefaultValue().withDescription("Learning rate."),
                    ConfigOptions.key(prefix + "weight-decay").doubleType().defaultValue(0.01)
                            .withDescription("Decoupled weight decay (adamw)."),
                    ConfigOptions.key(prefix + "momentum").doubleType().defaultValue(0.0)
                            .withDescription("Momentum (sgd)."),
                    ConfigOptions.key(prefix + "beta1").doubleType().defaultValue(0.9).withDescription("Adam's β1."),
                    ConfigOptions.key(prefix + "beta2").doubleType().noDefaultValue().withDescription("Adam's β2."),
                    ConfigOptions.key(prefix + "eps").doubleType().noDefaultValue().withDescription("Adam's ε."),
                    ConfigOptions.key(prefix + "schedule").stringType().defaultValue("constant")
                            .withDescription("constant | warmup-linear | cosine."),
                    ConfigOptions.key(prefix + "warmup-steps").longType().defaultValue(0L)
                            .withDescription("Warm-up steps of a schedule."),
                    ConfigOptions.key(prefix + "total-steps").longType().defaultValue(100_000L)
                            .withDescription("Steps a schedule spans."));
        }
    }
}

package io.winnow.jobs.config;

import io.winnow.sama.CorrectionCoupling;
import io.winnow.sama.MetaDataSource;
import io.winnow.sama.Objective;
import io.winnow.sama.RelabelAgreement;
import io.winnow.sama.TrainerConfig;
import io.winnow.sama.TrustedGateSpec;
import io.winnow.sama.hyper.HypergradientSpec;
import io.winnow.sama.label.LabelModelSpec;
import io.winnow.sama.meta.CorrectorGate;
import io.winnow.sama.model.InputSpec;
import io.winnow.sama.model.ModelSpec;
import io.winnow.sama.model.TextClassifierSpec;
import io.winnow.sama.optim.OptimizerSpec;

import org.apache.flink.configuration.ConfigOption;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.winnow.jobs.config.TaskOptions.ALPHA;
import static io.winnow.jobs.config.TaskOptions.BASE_OPTIMIZER;
import static io.winnow.jobs.config.TaskOptions.CLASSES;
import static io.winnow.jobs.config.TaskOptions.CORRECT;
import static io.winnow.jobs.config.TaskOptions.CORRECTION_COUPLING;
import static io.winnow.jobs.config.TaskOptions.CORRECTION_GATE;
import static io.winnow.jobs.config.TaskOptions.DROPOUT;
import static io.winnow.jobs.config.TaskOptions.EMA_DECAY;
import static io.winnow.jobs.config.TaskOptions.FINETUNE_BATCH;
import static io.winnow.jobs.config.TaskOptions.INPUT_DIMENSION;
import static io.winnow.jobs.config.TaskOptions.ITERATIONS;
import static io.winnow.jobs.config.TaskOptions.LABELING_FUNCTIONS;
import static io.winnow.jobs.config.TaskOptions.LABEL_MODEL;
import static io.winnow.jobs.config.TaskOptions.LABEL_MODEL_PRIOR_ACCURACY;
import static io.winnow.jobs.config.TaskOptions.LABEL_MODEL_PRIOR_STRENGTH;
import static io.winnow.jobs.config.TaskOptions.LABEL_MODEL_TRUSTED_WEIGHT;
import static io.winnow.jobs.config.TaskOptions.LABEL_MODEL_WINDOW;
import static io.winnow.jobs.config.TaskOptions.MASK_PROBABILITY;
import static io.winnow.jobs.config.TaskOptions.MAX_GRAD_NORM;
import static io.winnow.jobs.config.TaskOptions.META_BATCH;
import static io.winnow.jobs.config.TaskOptions.META_DATA;
import static io.winnow.jobs.config.TaskOptions.META_HIDDEN;
import static io.winnow.jobs.config.TaskOptions.META_OPTIMIZER;
import static io.winnow.jobs.config.TaskOptions.METHOD;
import static io.winnow.jobs.config.TaskOptions.MLP_HIDDEN;
import static io.winnow.jobs.config.TaskOptions.MODEL;
import static io.winnow.jobs.config.TaskOptions.MULTITASK_STEP;
import static io.winnow.jobs.config.TaskOptions.NEUMANN_SCALE;
import static io.winnow.jobs.config.TaskOptions.OBJECTIVE;
import static io.winnow.jobs.config.TaskOptions.RECOMPUTE_META_INPUTS;
import static io.winnow.jobs.config.TaskOptions.REWEIGHT;
import static io.winnow.jobs.config.TaskOptions.REWEIGHT_CLASS_AWARE;
import static io.winnow.jobs.config.TaskOptions.REWEIGHT_INPUT;
import static io.winnow.jobs.config.TaskOptions.REWEIGHT_NORMALIZE;
import static io.winnow.jobs.config.TaskOptions.REWEIGHT_VOTES;
import static io.winnow.jobs.config.TaskOptions.SEED;
import static io.winnow.jobs.config.TaskOptions.TEXT_EMBEDDING;
import static io.winnow.jobs.config.TaskOptions.TEXT_ENCODER_LAYERS;
import static io.winnow.jobs.config.TaskOptions.TEXT_FFN;
import static io.winnow.jobs.config.TaskOptions.TEXT_HEADS;
import static io.winnow.jobs.config.TaskOptions.TEXT_HIDDEN;
import static io.winnow.jobs.config.TaskOptions.TEXT_MAX_LENGTH;
import static io.winnow.jobs.config.TaskOptions.TEXT_VOCABULARY;
import static io.winnow.jobs.config.TaskOptions.TORCHSCRIPT_FILE;
import static io.winnow.jobs.config.TaskOptions.TORCHSCRIPT_INPUT;
import static io.winnow.jobs.config.TaskOptions.TRUSTED_CAPACITY;
import static io.winnow.jobs.config.TaskOptions.TRUSTED_GATE;
import static io.winnow.jobs.config.TaskOptions.TRUSTED_GATE_AGREEMENT;
import static io.winnow.jobs.config.TaskOptions.TRUSTED_GATE_DECAY;
import static io.winnow.jobs.config.TaskOptions.TRUSTED_GATE_TEMPERATURE;
import static io.winnow.jobs.config.TaskOptions.TRUSTED_MODEL;
import static io.winnow.jobs.config.TaskOptions.TRUSTED_MODEL_VOTES;
import static io.winnow.jobs.config.TaskOptions.TRUSTED_PER_BATCH;
import static io.winnow.jobs.config.TaskOptions.UNCERTAINTY;
import static io.winnow.jobs.config.TaskOptions.UNROLL;

/**
 * Reads one task's {@link TaskOptions}: {@code task.<name>.<key>}, falling back to
 * {@code task-defaults.<key>}, then to built-in defaults (the paper's noisy-finetuning settings with
 * learning rates for small models; some depend on the objective or on other options).
 */
final class TaskSpecParser {

    private final Settings.Scope options;
    private final String name;

    TaskSpecParser(Settings settings, String name) {
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new ConfigException("task name '" + name + "' may only contain letters, digits, '-' and '_'");
        }
        this.options = settings.scope(TaskOptions.TASK_PREFIX + name + ".", TaskOptions.DEFAULTS_PREFIX);
        this.name = name;
    }

    TaskSpec parse() {
        int classes = integer(CLASSES, -1, 2, 100_000);
        if (classes < 0) {
            throw new ConfigException(key(CLASSES) + " is required");
        }
        boolean pretraining = choice(OBJECTIVE, List.of("curation", "continued-pretraining"))
                .equals("continued-pretraining");
        String model = choice(MODEL, List.of("mlp", "text", "torchscript"));
        if (pretraining && !model.equals("text")) {
            throw new ConfigException(key(OBJECTIVE) + " = continued-pretraining needs " + key(MODEL) + " = text");
        }
        ModelAndInput built = switch (model) {
            case "mlp" -> mlp(classes);
            case "text" -> text(classes, pretraining);
            default -> torchScript(classes);
        };
        boolean uncertainty = bool(UNCERTAINTY);
        TrainerConfig.Builder builder = TrainerConfig.builder(built.model(), classes)
                .objective(pretraining ? Objective.CONTINUED_PRETRAINING : Objective.CURATION)
                .hypergradient(hypergradient(pretraining))
                .reweight(bool(REWEIGHT))
                .correctLabels(bool(CORRECT))
                .reweighterUsesUncertainty(uncertainty)
                .reweighterUsesClass(bool(REWEIGHT_CLASS_AWARE))
                .normalizeWeights(bool(REWEIGHT_NORMALIZE))
                .recomputeMetaInputs(bool(RECOMPUTE_META_INPUTS))
                .coupling(CorrectionCoupling.valueOf(choice(CORRECTION_COUPLING,
                        List.of("complementary", "multiplicative", "gated")).toUpperCase(Locale.ROOT)))
                .correctorGate(choice(CORRECTION_GATE, List.of("clamp", "sigmoid")).equals("clamp")
                        ? CorrectorGate.STRAIGHT_THROUGH_CLAMP : CorrectorGate.SIGMOID)
                .reweighCorrectedLoss(choice(REWEIGHT_INPUT, List.of("given", "corrected")).equals("corrected"))
                .reweighterUsesVotes(bool(REWEIGHT_VOTES))
                .labelModel(labelModel())
                .metaHidden(integer(META_HIDDEN, 1, 100_000))
                .labelingFunctions(integer(LABELING_FUNCTIONS, 0, 1024))
                .unroll(integer(UNROLL, 1, 1_000_000))
                .metaBatchSize(integer(META_BATCH, 1, 1_000_000))
                .metaData(MetaDataSource.valueOf(choice(META_DATA, List.of("trusted", "recent-training", "seen-training"))
                        .toUpperCase(Locale.ROOT).replace('-', '_')))
                .bufferCapacity(integer(TRUSTED_CAPACITY, 1, 10_000_000))
                // The EMA model costs a forward and a θ copy per step: on by default only where the
                // reweighting net reads its uncertainty (set ema-decay to report uncertainty anyway).
                .emaDecay(decimal(EMA_DECAY, uncertainty ? 0.99 : 0, 0, 0.999999))
                .maxGradNorm(decimal(MAX_GRAD_NORM, 0, Double.MAX_VALUE))
                .baseOptimizer(pretraining ? optimizer(BASE_OPTIMIZER, 1e-3, "adamw", 0.98, 1e-6)
                        : optimizer(BASE_OPTIMIZER, 1e-3, "adam", 0.999, 1e-8))
                .metaOptimizer(optimizer(META_OPTIMIZER, 1e-3, "adam", 0.999, 1e-8))
                .seed(options.get(SEED).orElse(SEED.defaultValue()));
        // Defaults that depend on the rest of the task (on for curation with trusted meta data and
        // meta learning) are the engine's; a key set here overrides them.
        options.get(TRUSTED_MODEL).ifPresent(builder::trustedModel);
        builder.trustedModelReadsVotes(bool(TRUSTED_MODEL_VOTES));
        if (options.contains(TRUSTED_GATE) || options.contains(TRUSTED_GATE_TEMPERATURE)
                || options.contains(TRUSTED_GATE_DECAY) || options.contains(TRUSTED_GATE_AGREEMENT)) {
            builder.trustedGate(new TrustedGateSpec(bool(TRUSTED_GATE, true),
                    decimal(TRUSTED_GATE_TEMPERATURE, TrustedGateSpec.DEFAULT_TEMPERATURE, 0, 1e6),
                    decimal(TRUSTED_GATE_DECAY, TrustedGateSpec.DEFAULT_DECAY, 0, 0.999999),
                    RelabelAgreement.valueOf(choice(TRUSTED_GATE_AGREEMENT, List.of("multi-class", "always", "never"))
                            .replace('-', '_').toUpperCase(Locale.ROOT))));
        }
        if (options.contains(TRUSTED_PER_BATCH)) {
            builder.trustedPerBatch(integer(TRUSTED_PER_BATCH, 0, 0, 100_000));
        }
        if (pretraining) {
            builder.maskProbability(decimal(MASK_PROBABILITY, 1e-6, 1))
                    .finetuneBatchSize(integer(FINETUNE_BATCH, 1, 1_000_000));
        }
        try {
            return new TaskSpec(name, builder.build(), built.input());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("task " + name + ": " + e.getMessage(), e);
        }
    }

    private record ModelAndInput(ModelSpec model, InputSpec input) {}

    private LabelModelSpec labelModel() {
        LabelModelSpec defaults = LabelModelSpec.defaults();
        return new LabelModelSpec(bool(LABEL_MODEL),
                decimal(LABEL_MODEL_PRIOR_ACCURACY, defaults.priorAccuracy(), 1e-6, 1 - 1e-6),
                decimal(LABEL_MODEL_PRIOR_STRENGTH, defaults.priorStrength(), 1e-6, 1e9),
                integer(LABEL_MODEL_WINDOW, defaults.window(), 1, 10_000_000),
                decimal(LABEL_MODEL_TRUSTED_WEIGHT, defaults.trustedWeight(), 0, 1e9));
    }

    private ModelAndInput mlp(int classes) {
        int dimension = requiredInteger(INPUT_DIMENSION, 1, 1 << 24);
        int[] hidden = integers(MLP_HIDDEN);
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = dimension;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = classes;
        return new ModelAndInput(new ModelSpec.Mlp(sizes, decimal(DROPOUT, 0, 0.95)), InputSpec.dense(dimension));
    }

    /** With continued pretraining the model also gets a masked-token head. */
    private ModelAndInput text(int classes, boolean maskedTokenHead) {
        TextClassifierSpec spec = new TextClassifierSpec(
                requiredInteger(TEXT_VOCABULARY, 2, 1 << 24),
                integer(TEXT_MAX_LENGTH, 1, 1 << 16),
                integer(TEXT_EMBEDDING, 1, 1 << 16),
                integer(TEXT_ENCODER_LAYERS, 0, 64),
                integer(TEXT_HEADS, 1, 1024),
                integer(TEXT_FFN, 1, 1 << 20),
                integers(TEXT_HIDDEN),
                classes,
                decimal(DROPOUT, 0, 0.95));
        if (maskedTokenHead) {
            try {
                spec = spec.withMaskedTokenHead();
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key(TEXT_ENCODER_LAYERS) + ": continued pretraining " + e.getMessage(), e);
            }
        }
        return new ModelAndInput(new ModelSpec.Text(spec), InputSpec.tokens(spec.maxLength(), spec.vocabularySize()));
    }

    private ModelAndInput torchScript(int classes) {
        String fileName = options.get(TORCHSCRIPT_FILE).orElseThrow(
                () -> new ConfigException(key(TORCHSCRIPT_FILE) + " is required for this model"));
        Path file = Path.of(fileName);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(key(TORCHSCRIPT_FILE) + ": no such file " + file);
        }
        String kind = choice(TORCHSCRIPT_INPUT, List.of("dense", "tokens"));
        InputSpec input = kind.equals("dense")
                ? InputSpec.dense(requiredInteger(INPUT_DIMENSION, 1, 1 << 24))
                : InputSpec.tokens(requiredInteger(TEXT_MAX_LENGTH, 1, 1 << 16), requiredInteger(TEXT_VOCABULARY, 2, 1 << 24));
        return new ModelAndInput(new ModelSpec.TorchScript(file, input, classes), input);
    }

    /** The paper's α is 1.0 for noisy finetuning and 0.3 for continued pretraining. */
    private HypergradientSpec hypergradient(boolean pretraining) {
        String method = choice(METHOD, List.of("sama", "sama-na", "finetune", "neumann", "cg"));
        HypergradientSpec spec = HypergradientSpec.of(switch (method) {
            case "sama" -> HypergradientSpec.Method.SAMA;
            case "sama-na" -> HypergradientSpec.Method.SAMA_NA;
            case "finetune" -> HypergradientSpec.Method.FINETUNE;
            case "neumann" -> HypergradientSpec.Method.NEUMANN;
            default -> HypergradientSpec.Method.CONJUGATE_GRADIENT;
        });
        double alpha = pretraining && spec.method() == HypergradientSpec.Method.SAMA ? 0.3 : spec.alpha();
        return spec.withAlpha(decimal(ALPHA, alpha, 1e-12, 1e6))
                .withIterations(integer(ITERATIONS, spec.iterations(), 1, 10_000))
                .withNeumannScale(decimal(NEUMANN_SCALE, spec.neumannScale(), 1e-12, 1e6))
                .withMultitaskStep(bool(MULTITASK_STEP));
    }

    /** Defaults: Adam for curation; AdamW with β2 = 0.98 and ε = 1e-6 for continued pretraining's base model, as in the paper. */
    private OptimizerSpec optimizer(TaskOptions.OptimizerOptions keys, double defaultRate, String defaultKind,
            double defaultBeta2, double defaultEps) {
        String kind = choice(keys.kind(), defaultKind, List.of("adam", "adamw", "sgd"));
        double rate = decimal(keys.learningRate(), defaultRate, 1e-12, 10);
        OptimizerSpec spec = switch (kind) {
            case "adamw" -> OptimizerSpec.adamW(rate, decimal(keys.weightDecay(), 0, 10));
            case "sgd" -> OptimizerSpec.sgd(rate, decimal(keys.momentum(), 0, 0.999));
            default -> OptimizerSpec.adam(rate);
        };
        spec = spec.withBetas(decimal(keys.beta1(), 0, 0.999999), decimal(keys.beta2(), defaultBeta2, 0, 0.999999),
                decimal(keys.eps(), defaultEps, 1e-30, 1));
        String schedule = choice(keys.schedule(), List.of("constant", "warmup-linear", "cosine"));
        if (!schedule.equals("constant")) {
            long total = nonNegativeLong(keys.totalSteps());
            long warmup = nonNegativeLong(keys.warmupSteps());
            try {
                spec = spec.withSchedule(schedule.equals("cosine") ? OptimizerSpec.Schedule.COSINE
                        : OptimizerSpec.Schedule.WARMUP_LINEAR, warmup, total);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key(keys.schedule()) + ": " + e.getMessage(), e);
            }
        }
        return spec;
    }

    /** The key a message names: the one the value came from, else the task's own. */
    private String key(ConfigOption<?> option) {
        return options.keyOf(option);
    }

    private int integer(ConfigOption<Integer> option, int min, int max) {
        return integer(option, option.defaultValue(), min, max);
    }

    private int integer(ConfigOption<Integer> option, int fallback, int min, int max) {
        Optional<Integer> value = options.get(option);
        value.ifPresent(v -> checkRange(option, v, min, max));
        return value.orElse(fallback);
    }

    private int requiredInteger(ConfigOption<Integer> option, int min, int max) {
        int value = options.get(option).orElseThrow(
                () -> new ConfigException(key(option) + " is required for this model"));
        checkRange(option, value, min, max);
        return value;
    }

    private long nonNegativeLong(ConfigOption<Long> option) {
        long value = options.get(option).orElse(option.defaultValue());
        checkRange(option, value, 0, Long.MAX_VALUE);
        return value;
    }

    private double decimal(ConfigOption<Double> option, double min, double max) {
        return decimal(option, option.defaultValue(), min, max);
    }

    private double decimal(ConfigOption<Double> option, double fallback, double min, double max) {
        double value = options.get(option).orElse(fallback);
        if (!(value >= min && value <= max)) {
            throw new ConfigException(key(option) + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    private boolean bool(ConfigOption<Boolean> option) {
        return bool(option, option.defaultValue());
    }

    private boolean bool(ConfigOption<Boolean> option, boolean fallback) {
        return options.get(option).orElse(fallback);
    }

    private String choice(ConfigOption<String> option, List<String> allowed) {
        return choice(option, option.defaultValue(), allowed);
    }

    /** One of {@code allowed}, compared case-insensitively; returns the allowed spelling. */
    private String choice(ConfigOption<String> option, String fallback, List<String> allowed) {
        String raw = options.get(option).orElse(fallback);
        for (String value : allowed) {
            if (value.equalsIgnoreCase(raw)) {
                return value;
            }
        }
        throw new ConfigException(key(option) + " must be one of " + allowed + ", got '" + raw + "'");
    }

    /** A comma-separated list of positive integers. */
    private int[] integers(ConfigOption<String> option) {
        String raw = options.get(option).orElse(option.defaultValue());
        List<String> items = Settings.commaSeparated(raw);
        if (items.isEmpty()) {
            items = Settings.commaSeparated(option.defaultValue());
        }
        int[] out = new int[items.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Integer.parseInt(items.get(i));
            } catch (NumberFormatException e) {
                throw new ConfigException(key(option) + " must be a comma-separated list of integers, got '" + raw + "'");
            }
            checkRange(option, out[i], 1, Integer.MAX_VALUE);
        }
        return out;
    }

    private void checkRange(ConfigOption<?> option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(key(option) + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}

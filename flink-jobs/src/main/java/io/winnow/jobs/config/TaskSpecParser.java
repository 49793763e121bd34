package io.winnow.jobs.config;

import io.winnow.sama.CorrectionCoupling;
import io.winnow.sama.MetaDataSource;
import io.winnow.sama.Objective;
import io.winnow.sama.TrainerConfig;
import io.winnow.sama.RelabelAgreement;
import io.winnow.sama.TrustedGateSpec;
import io.winnow.sama.hyper.HypergradientSpec;
import io.winnow.sama.label.LabelModelSpec;
import io.winnow.sama.meta.CorrectorGate;
import io.winnow.sama.model.InputSpec;
import io.winnow.sama.model.ModelSpec;
import io.winnow.sama.model.TextClassifierSpec;
import io.winnow.sama.optim.OptimizerSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads one task's settings: {@code task.<name>.<key>}, falling back to {@code task-defaults.<key>},
 * then to built-in defaults (the paper's noisy-finetuning settings with learning rates for small
 * models).
 */
final class TaskSpecParser {

    private final Settings settings;
    private final String name;

    TaskSpecParser(Settings settings, String name) {
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new ConfigException("task name '" + name + "' may only contain letters, digits, '-' and '_'");
        }
        this.settings = settings;
        this.name = name;
    }

    TaskSpec parse() {
        int classes = integer("classes", -1, 2, 100_000);
        if (classes < 0) {
            throw new ConfigException(key("classes") + " is required");
        }
        boolean pretraining = choice("objective", "curation", List.of("curation", "continued-pretraining"))
                .equals("continued-pretraining");
        String model = choice("model", "mlp", List.of("mlp", "text", "torchscript"));
        if (pretraining && !model.equals("text")) {
            throw new ConfigException(key("objective") + " = continued-pretraining needs " + key("model") + " = text");
        }
        ModelAndInput built = switch (model) {
            case "mlp" -> mlp(classes);
            case "text" -> text(classes, pretraining);
            default -> torchScript(classes);
        };
        boolean uncertainty = bool("uncertainty", false);
        TrainerConfig.Builder builder = TrainerConfig.builder(built.model(), classes)
                .objective(pretraining ? Objective.CONTINUED_PRETRAINING : Objective.CURATION)
                .hypergradient(hypergradient(pretraining))
                .reweight(bool("reweight", true))
                .correctLabels(bool("correct", false))
                .reweighterUsesUncertainty(uncertainty)
                .reweighterUsesClass(bool("reweight-class-aware", false))
                .normalizeWeights(bool("reweight-normalize", false))
                .recomputeMetaInputs(bool("recompute-meta-inputs", false))
                .coupling(CorrectionCoupling.valueOf(choice("correction-coupling", "gated",
                        List.of("complementary", "multiplicative", "gated")).toUpperCase(java.util.Locale.ROOT)))
                .correctorGate(choice("correction-gate", "clamp", List.of("clamp", "sigmoid")).equals("clamp")
                        ? CorrectorGate.STRAIGHT_THROUGH_CLAMP : CorrectorGate.SIGMOID)
                .reweighCorrectedLoss(choice("reweight-input", "given", List.of("given", "corrected")).equals("corrected"))
                .reweighterUsesVotes(bool("reweight-votes", false))
                .labelModel(labelModel())
                .metaHidden(integer("meta-hidden", 100, 1, 100_000))
                .labelingFunctions(integer("labeling-functions", 0, 0, 1024))
                .unroll(integer("unroll", 10, 1, 1_000_000))
                .metaBatchSize(integer("meta-batch", 32, 1, 1_000_000))
                .metaData(choice("meta-data", "trusted", List.of("trusted", "recent-training")).equals("trusted")
                        ? MetaDataSource.TRUSTED : MetaDataSource.RECENT_TRAINING)
                .bufferCapacity(integer("trusted-capacity", 1024, 1, 10_000_000))
                // The EMA model costs a forward and a θ copy per step: on by default only where the
                // reweighting net reads its uncertainty (set ema-decay to report uncertainty anyway).
                .emaDecay(decimal("ema-decay", uncertainty ? 0.99 : 0, 0, 0.999999))
                .maxGradNorm(decimal("max-grad-norm", 0, 0, Double.MAX_VALUE))
                .baseOptimizer(pretraining ? optimizer("", 1e-3, "adamw", 0.98, 1e-6) : optimizer("", 1e-3, "adam", 0.999, 1e-8))
                .metaOptimizer(optimizer("meta-", 1e-3, "adam", 0.999, 1e-8))
                .seed(settings.longValue(effectiveKey("seed"), 0, Long.MIN_VALUE, Long.MAX_VALUE));
        // Defaults that depend on the rest of the task (on for curation with trusted meta data and
        // meta learning) are the engine's; a key set here overrides them.
        if (present("trusted-model")) {
            builder.trustedModel(bool("trusted-model", true));
        }
        if (present("trusted-gate") || present("trusted-gate.temperature") || present("trusted-gate.decay")
                || present("trusted-gate.agreement")) {
            builder.trustedGate(new TrustedGateSpec(bool("trusted-gate", true),
                    decimal("trusted-gate.temperature", TrustedGateSpec.DEFAULT_TEMPERATURE, 0, 1e6),
                    decimal("trusted-gate.decay", TrustedGateSpec.DEFAULT_DECAY, 0, 0.999999),
                    RelabelAgreement.valueOf(choice("trusted-gate.agreement", "multi-class",
                            List.of("multi-class", "always", "never")).replace('-', '_').toUpperCase(java.util.Locale.ROOT))));
        }
        if (present("trusted-per-batch")) {
            builder.trustedPerBatch(integer("trusted-per-batch", 0, 0, 100_000));
        }
        if (pretraining) {
            builder.maskProbability(decimal("mask-probability", 0.15, 1e-6, 1))
                    .finetuneBatchSize(integer("finetune-batch", 32, 1, 1_000_000));
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
        return new LabelModelSpec(bool("label-model", false),
                decimal("label-model.prior-accuracy", defaults.priorAccuracy(), 1e-6, 1 - 1e-6),
                decimal("label-model.prior-strength", defaults.priorStrength(), 1e-6, 1e9),
                integer("label-model.window", defaults.window(), 1, 10_000_000),
                decimal("label-model.trusted-weight", defaults.trustedWeight(), 0, 1e9));
    }

    /** Whether the task or the task defaults set {@code suffix}. */
    private boolean present(String suffix) {
        return settings.contains(key(suffix)) || settings.contains("task-defaults." + suffix);
    }

    private ModelAndInput mlp(int classes) {
        int dimension = requiredInteger("input.dimension", 1, 1 << 24);
        int[] hidden = integers("mlp.hidden", new int[] {256});
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = dimension;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = classes;
        return new ModelAndInput(new ModelSpec.Mlp(sizes, decimal("dropout", 0.0, 0, 0.95)), InputSpec.dense(dimension));
    }

    /** With continued pretraining the model also gets a masked-token head. */
    private ModelAndInput text(int classes, boolean maskedTokenHead) {
        TextClassifierSpec spec = new TextClassifierSpec(
                requiredInteger("text.vocabulary", 2, 1 << 24),
                integer("text.max-length", 128, 1, 1 << 16),
                integer("text.embedding", 128, 1, 1 << 16),
                integer("text.encoder-layers", 0, 0, 64),
                integer("text.heads", 4, 1, 1024),
                integer("text.ffn", 256, 1, 1 << 20),
                integers("text.hidden", new int[] {128}),
                classes,
                decimal("dropout", 0.0, 0, 0.95));
        if (maskedTokenHead) {
            try {
                spec = spec.withMaskedTokenHead();
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key("text.encoder-layers") + ": continued pretraining " + e.getMessage(), e);
            }
        }
        return new ModelAndInput(new ModelSpec.Text(spec), InputSpec.tokens(spec.maxLength(), spec.vocabularySize()));
    }

    private ModelAndInput torchScript(int classes) {
        Path file = Path.of(requiredString("torchscript.file"));
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(key("torchscript.file") + ": no such file " + file);
        }
        String kind = choice("torchscript.input", "dense", List.of("dense", "tokens"));
        InputSpec input = kind.equals("dense")
                ? InputSpec.dense(requiredInteger("input.dimension", 1, 1 << 24))
                : InputSpec.tokens(requiredInteger("text.max-length", 1, 1 << 16), requiredInteger("text.vocabulary", 2, 1 << 24));
        return new ModelAndInput(new ModelSpec.TorchScript(file, input, classes), input);
    }

    /** The paper's α is 1.0 for noisy finetuning and 0.3 for continued pretraining. */
    private HypergradientSpec hypergradient(boolean pretraining) {
        String method = choice("method", "sama", List.of("sama", "sama-na", "finetune", "neumann", "cg"));
        HypergradientSpec spec = HypergradientSpec.of(switch (method) {
            case "sama" -> HypergradientSpec.Method.SAMA;
            case "sama-na" -> HypergradientSpec.Method.SAMA_NA;
            case "finetune" -> HypergradientSpec.Method.FINETUNE;
            case "neumann" -> HypergradientSpec.Method.NEUMANN;
            default -> HypergradientSpec.Method.CONJUGATE_GRADIENT;
        });
        double alpha = pretraining && spec.method() == HypergradientSpec.Method.SAMA ? 0.3 : spec.alpha();
        return spec.withAlpha(decimal("alpha", alpha, 1e-12, 1e6))
                .withIterations(integer("iterations", spec.iterations(), 1, 10_000))
                .withNeumannScale(decimal("neumann-scale", spec.neumannScale(), 1e-12, 1e6))
                .withMultitaskStep(bool("multitask-step", false));
    }

    /** Defaults: Adam for curation; AdamW with β2 = 0.98 and ε = 1e-6 for continued pretraining's base model, as in the paper. */
    private OptimizerSpec optimizer(String prefix, double defaultRate, String defaultKind, double defaultBeta2,
            double defaultEps) {
        String kind = choice(prefix + "optimizer", defaultKind, List.of("adam", "adamw", "sgd"));
        double rate = decimal(prefix + "lr", defaultRate, 1e-12, 10);
        OptimizerSpec spec = switch (kind) {
            case "adamw" -> OptimizerSpec.adamW(rate, decimal(prefix + "weight-decay", 0.01, 0, 10));
            case "sgd" -> OptimizerSpec.sgd(rate, decimal(prefix + "momentum", 0, 0, 0.999));
            default -> OptimizerSpec.adam(rate);
        };
        spec = spec.withBetas(decimal(prefix + "beta1", 0.9, 0, 0.999999), decimal(prefix + "beta2", defaultBeta2, 0, 0.999999),
                decimal(prefix + "eps", defaultEps, 1e-30, 1));
        String schedule = choice(prefix + "schedule", "constant", List.of("constant", "warmup-linear", "cosine"));
        if (!schedule.equals("constant")) {
            long total = settingLong(prefix + "total-steps", 100_000);
            long warmup = settingLong(prefix + "warmup-steps", 0);
            try {
                spec = spec.withSchedule(schedule.equals("cosine") ? OptimizerSpec.Schedule.COSINE
                        : OptimizerSpec.Schedule.WARMUP_LINEAR, warmup, total);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key(prefix + "schedule") + ": " + e.getMessage(), e);
            }
        }
        return spec;
    }

    private String key(String suffix) {
        return "task." + name + "." + suffix;
    }

    /** The task's own key when set, else the defaults key (both count as read). */
    private String effectiveKey(String suffix) {
        String own = key(suffix);
        String shared = "task-defaults." + suffix;
        settings.string(shared, null);
        return settings.contains(own) || !settings.contains(shared) ? own : shared;
    }

    private int integer(String suffix, int fallback, int min, int max) {
        return settings.integer(effectiveKey(suffix), fallback, min, max);
    }

    private long settingLong(String suffix, long fallback) {
        return settings.longValue(effectiveKey(suffix), fallback, 0, Long.MAX_VALUE);
    }

    private int requiredInteger(String suffix, int min, int max) {
        int value = integer(suffix, Integer.MIN_VALUE, Integer.MIN_VALUE, max);
        if (value == Integer.MIN_VALUE) {
            throw new ConfigException(key(suffix) + " is required for this model");
        }
        if (value < min) {
            throw new ConfigException(effectiveKey(suffix) + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    private String requiredString(String suffix) {
        String value = settings.string(effectiveKey(suffix), null);
        if (value == null) {
            throw new ConfigException(key(suffix) + " is required for this model");
        }
        return value;
    }

    private double decimal(String suffix, double fallback, double min, double max) {
        return settings.decimal(effectiveKey(suffix), fallback, min, max);
    }

    private boolean bool(String suffix, boolean fallback) {
        return settings.bool(effectiveKey(suffix), fallback);
    }

    private String choice(String suffix, String fallback, List<String> allowed) {
        return settings.choice(effectiveKey(suffix), fallback, allowed).toLowerCase(Locale.ROOT);
    }

    private int[] integers(String suffix, int[] fallback) {
        return settings.integers(effectiveKey(suffix), fallback, 1);
    }
}

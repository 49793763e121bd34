package io.winnow.benchmarks;

import java.util.HashMap;
import java.util.Map;

/**
 * The methods of the paper's Table 1 and the simple baselines a user would try instead, as
 * curation-task settings plus which labels they train on. Every method runs through the same bounded
 * curation job and end model; only the task settings and the training stream differ.
 */
public enum CurationMethod {
    FINETUNE_WEAK("Finetune (given labels)", "finetune", false, false, TrainingData.GIVEN),
    FINETUNE_TRUSTED("Finetune (trusted only)", "finetune", false, false, TrainingData.TRUSTED),
    FINETUNE_MIXED("Finetune (given + trusted mixed)", "finetune", false, false, TrainingData.MIXED),
    WEAK_THEN_TRUSTED("Given, then finetuned on trusted", "finetune", false, false, TrainingData.WEAK_THEN_TRUSTED),
    LABEL_MODEL("Label model (Dawid-Skene) + end model", "finetune", false, false, TrainingData.LABEL_MODEL),
    CONFIDENT_LEARNING("Confident-learning filter", "finetune", false, false, TrainingData.CONFIDENT_LEARNING),
    TRUSTED_MODEL_FILTER("Trusted-model filter", "finetune", false, false, TrainingData.TRUSTED_MODEL_FILTER),
    SAMA_NA_R("SAMA-NA R", "sama-na", true, false, TrainingData.GIVEN),
    SAMA_R("SAMA R", "sama", true, false, TrainingData.GIVEN),
    SAMA_RC("SAMA R+C", "sama", true, true, TrainingData.GIVEN),
    /** The defaults before 2026-12-02 (no trusted gate, 8 trusted samples mixed into every batch), for comparison. */
    SAMA_R_UNGATED("SAMA R, no trusted gate, trusted mixed (old defaults)", "sama", true, false, TrainingData.GIVEN,
            Map.of("trusted-gate", "false", "trusted-per-batch", "8")),
    SAMA_RC_UNGATED("SAMA R+C, no trusted gate, trusted mixed (old defaults)", "sama", true, true, TrainingData.GIVEN,
            Map.of("trusted-gate", "false", "trusted-per-batch", "8")),
    NEUMANN_R("Neumann R", "neumann", true, false, TrainingData.GIVEN),
    CG_R("CG R", "cg", true, false, TrainingData.GIVEN),
    ORACLE_REWEIGHTING("Oracle reweighting (right given labels only, ceiling)", "finetune", false, false,
            TrainingData.ORACLE),
    ORACLE_AFTER_FIRST_EPOCH("Oracle after one epoch of given labels (diagnostic)", "finetune", false, false,
            TrainingData.ORACLE_AFTER_FIRST_EPOCH),
    FINETUNE_TRUE("Finetune (true labels, ceiling)", "finetune", false, false, TrainingData.TRUE);

    /** Which labels the base model is trained on. */
    public enum TrainingData {
        /** The weak or noisy labels: what a curation method has to work with. */
        GIVEN,
        /** The clean trusted split alone, repeated to the size of the training split. */
        TRUSTED,
        /** The given labels with trusted samples mixed into every batch (task key trusted-per-batch). */
        MIXED,
        /** The given labels, then one more epoch's worth of the trusted split alone (Zhu et al., 2023). */
        WEAK_THEN_TRUSTED,
        /** Labels from a Dawid-Skene label model fitted offline on the votes, anchored by the trusted samples. */
        LABEL_MODEL,
        /** The given labels less those cross-fitted probabilities flag as wrong (cleanlab's rule). */
        CONFIDENT_LEARNING,
        /** The given labels less those a model trained on the trusted samples alone doubts (per-class threshold). */
        TRUSTED_MODEL_FILTER,
        /** Only the training samples whose given label is right: the ceiling of any reweighting. */
        ORACLE,
        /**
         * One epoch of the given labels, then only the right ones: whether what a model learns from
         * wrong labels before the weights act is undone later (a diagnostic, not in the default table).
         */
        ORACLE_AFTER_FIRST_EPOCH,
        /** The training split with its true labels: an upper bound. */
        TRUE
    }

    /** Trusted samples per batch of the mixed baseline. */
    static final int MIXED_TRUSTED_PER_BATCH = 8;

    private final String label;
    private final String hypergradient;
    private final boolean reweight;
    private final boolean correct;
    private final TrainingData trainingData;
    private final Map<String, String> extraSettings;

    CurationMethod(String label, String hypergradient, boolean reweight, boolean correct, TrainingData trainingData) {
        this(label, hypergradient, reweight, correct, trainingData, Map.of());
    }

    /** @param extraSettings task keys beyond the method's, e.g. to run with other than the documented defaults */
    CurationMethod(String label, String hypergradient, boolean reweight, boolean correct, TrainingData trainingData,
            Map<String, String> extraSettings) {
        this.label = label;
        this.hypergradient = hypergradient;
        this.reweight = reweight;
        this.correct = correct;
        this.trainingData = trainingData;
        this.extraSettings = extraSettings;
    }

    public String label() {
        return label;
    }

    public TrainingData trainingData() {
        return trainingData;
    }

    public boolean metaLearning() {
        return reweight || correct;
    }

    /** Whether the base model ever sees the given labels' mistakes, so that weights can be judged against them. */
    public boolean curatesGivenLabels() {
        return trainingData == TrainingData.GIVEN;
    }

    /** Whether this is a ceiling (it uses knowledge no method has), not a baseline. */
    public boolean ceiling() {
        return trainingData == TrainingData.ORACLE || trainingData == TrainingData.ORACLE_AFTER_FIRST_EPOCH || trainingData == TrainingData.TRUE;
    }

    /** Whether the table runs this method when no {@code --methods} are given (diagnostics run only on request). */
    public boolean inDefaultTable() {
        return trainingData != TrainingData.ORACLE_AFTER_FIRST_EPOCH;
    }

    public boolean correctsLabels() {
        return correct;
    }

    /** The task keys that select this method (without the {@code task.<name>.} prefix). */
    public Map<String, String> taskSettings() {
        Map<String, String> s = new HashMap<>();
        s.put("method", hypergradient);
        s.put("reweight", Boolean.toString(reweight));
        s.put("correct", Boolean.toString(correct));
        s.putAll(extraSettings);
        if (trainingData == TrainingData.MIXED) {
            s.put("trusted-per-batch", Integer.toString(MIXED_TRUSTED_PER_BATCH));
        }
        return s;
    }

    /** Parses an enum name or its label, case-insensitively, with '-' for '_'. */
    public static CurationMethod parse(String text) {
        String t = text.trim();
        for (CurationMethod m : values()) {
            if (m.name().equalsIgnoreCase(t.replace('-', '_')) || m.label.equalsIgnoreCase(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + text + "'; one of " + java.util.Arrays.toString(values()));
    }
}

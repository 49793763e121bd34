package io.winnow.jobs.benchmark;

import java.util.HashMap;
import java.util.Map;

/**
 * The methods of the paper's Table 1, as curation-task settings plus which labels they train on.
 * Every method runs through the same bounded curation job; only the task settings differ.
 */
public enum CurationMethod {
    FINETUNE_WEAK("Finetune (given labels)", "finetune", false, false, TrainingData.GIVEN),
    FINETUNE_TRUSTED("Finetune (trusted only)", "finetune", false, false, TrainingData.TRUSTED),
    SAMA_NA_R("SAMA-NA R", "sama-na", true, false, TrainingData.GIVEN),
    SAMA_R("SAMA R", "sama", true, false, TrainingData.GIVEN),
    SAMA_RC("SAMA R+C", "sama", true, true, TrainingData.GIVEN),
    NEUMANN_R("Neumann R", "neumann", true, false, TrainingData.GIVEN),
    CG_R("CG R", "cg", true, false, TrainingData.GIVEN),
    FINETUNE_TRUE("Finetune (true labels, ceiling)", "finetune", false, false, TrainingData.TRUE);

    /** Which labels the base model is trained on. */
    public enum TrainingData {
        /** The weak or noisy labels: what a curation method has to work with. */
        GIVEN,
        /** The clean trusted split alone, repeated to the size of the training split. */
        TRUSTED,
        /** The training split with its true labels: an upper bound. */
        TRUE
    }

    private final String label;
    private final String hypergradient;
    private final boolean reweight;
    private final boolean correct;
    private final TrainingData trainingData;

    CurationMethod(String label, String hypergradient, boolean reweight, boolean correct, TrainingData trainingData) {
        this.label = label;
        this.hypergradient = hypergradient;
        this.reweight = reweight;
        this.correct = correct;
        this.trainingData = trainingData;
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

    public boolean correctsLabels() {
        return correct;
    }

    /** The task keys that select this method (without the {@code task.<name>.} prefix). */
    public Map<String, String> taskSettings() {
        Map<String, String> s = new HashMap<>();
        s.put("method", hypergradient);
        s.put("reweight", Boolean.toString(reweight));
        s.put("correct", Boolean.toString(correct));
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

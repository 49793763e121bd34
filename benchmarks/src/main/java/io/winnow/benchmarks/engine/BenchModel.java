package io.winnow.benchmarks.engine;

import io.winnow.sama.model.ModelSpec;
import io.winnow.sama.model.TextClassifierSpec;

import java.util.Locale;

/** The two base learners the benchmark trains: an MLP over dense features and a Transformer text classifier. */
enum BenchModel {
    MLP,
    TEXT;

    /** The base learner of this kind with the workload's sizes. */
    ModelSpec spec(Workload workload) {
        return switch (this) {
            case MLP -> new ModelSpec.Mlp(workload.mlpLayerSizes(), workload.dropout());
            case TEXT -> new ModelSpec.Text(new TextClassifierSpec(workload.textVocabulary(), workload.textLength(),
                    workload.textDim(), workload.textLayers(), workload.textHeads(), workload.textFeedForward(),
                    workload.textHidden(), workload.classes(), workload.dropout()));
        };
    }

    /** Timed base steps for this model. */
    int timedSteps(Workload workload) {
        return this == MLP ? workload.mlpSteps() : workload.textSteps();
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static BenchModel parse(String name) {
        for (BenchModel model : values()) {
            if (model.label().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return model;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "': expected mlp or text");
    }
}

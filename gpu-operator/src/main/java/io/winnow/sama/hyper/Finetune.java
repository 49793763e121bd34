package io.winnow.sama.hyper;

import ai.djl.ndarray.NDManager;

/** No meta learning: base steps only, every weight 1, labels as given. */
public final class Finetune implements Hypergradient {

    @Override
    public MetaGradient metaGradient(BilevelProblem problem, NDManager manager) {
        throw new UnsupportedOperationException("plain finetuning takes no meta steps");
    }

    @Override
    public boolean learnsMetaParameters() {
        return false;
    }

    @Override
    public String toString() {
        return "finetune";
    }
}

package io.winnow.sama.model;

import ai.djl.ndarray.NDManager;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.autograd.Tensors;

/** Copies of parameter sets for replicas of a model (the EMA copy never needs gradients). */
final class Replicas {

    private Replicas() {}

    static ParameterSet copy(ParameterSet source, NDManager manager) {
        ParameterSet.Builder builder = ParameterSet.builder();
        for (String name : source.names()) {
            builder.add(name, Tensors.detachedCopy(source.get(name), manager));
        }
        return builder.build();
    }
}

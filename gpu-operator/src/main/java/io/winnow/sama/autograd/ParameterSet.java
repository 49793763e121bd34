package io.winnow.sama.autograd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered set of named trainable tensors: θ of a base learner or λ of a meta learner. The
 * arrays are the parameters' storage; optimizers and perturbations update them in place.
 */
public final class ParameterSet {

    private final Map<String, NDArray> byName;

    private ParameterSet(Map<String, NDArray> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The union of several sets, in order; names must not clash. */
    public static ParameterSet concat(ParameterSet... sets) {
        Builder builder = builder();
        for (ParameterSet set : sets) {
            set.byName.forEach(builder::add);
        }
        return builder.build();
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<NDArray> arrays() {
        return List.copyOf(byName.values());
    }

    public NDArray get(String name) {
        NDArray array = byName.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return array;
    }

    public int size() {
        return byName.size();
    }

    public long elementCount() {
        long count = 0;
        for (NDArray array : byName.values()) {
            count += array.size();
        }
        return count;
    }

    public NDList asList() {
        return new NDList(arrays());
    }

    /** Whether autograd records operations on these tensors (only while grad mode is on). */
    public void setRequiresGradient(boolean requiresGradient) {
        for (NDArray array : byName.values()) {
            array.setRequiresGradient(requiresGradient);
        }
    }

    /** Overwrites every parameter with the matching array of {@code values}, bit for bit. */
    public void assign(List<NDArray> values) {
        List<NDArray> targets = arrays();
        if (values.size() != targets.size()) {
            throw new IllegalArgumentException(
                    "expected " + targets.size() + " arrays, got " + values.size());
        }
        for (int i = 0; i < targets.size(); i++) {
            Tensors.copyInto(values.get(i), targets.get(i));
        }
    }

    public static final class Builder {
        private final Map<String, NDArray> byName = new LinkedHashMap<>();

        public Builder add(String name, NDArray array) {
            if (byName.putIfAbsent(name, array) != null) {
                throw new IllegalArgumentException("duplicate parameter name " + name);
            }
            return this;
        }

        public ParameterSet build() {
            return new ParameterSet(new LinkedHashMap<>(byName));
        }
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        byName.forEach((name, array) -> parts.add(name + array.getShape()));
        return "ParameterSet" + parts;
    }
}

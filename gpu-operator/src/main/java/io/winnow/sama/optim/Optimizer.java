package io.winnow.sama.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.winnow.sama.autograd.ParameterSet;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * An optimizer written on NDArrays that owns its state, so that it can say how its last update
 * depends on the gradient. SAMA's "algorithmic adaptation" needs D = diag(∂u/∂g), where
 * θ_{t+1} = θ_t − u(g): every supported optimizer updates element-wise, so D is a diagonal.
 */
public interface Optimizer {

    /** θ ← θ − u(g), in place; call with grad mode off. */
    void step(ParameterSet parameters, List<NDArray> gradients);

    /**
     * D = diag(∂u/∂g) of the last {@link #step}, one array per parameter, created in {@code
     * manager}. Elements can be negative (Adam). Throws if no step was taken yet.
     */
    List<NDArray> updateJacobianDiagonal(NDManager manager);

    /** Number of updates applied so far. */
    long stepCount();

    /** The learning rate the next update will use. */
    double currentLearningRate();

    void writeState(DataOutput out) throws IOException;

    void readState(DataInput in, Device device) throws IOException;
}

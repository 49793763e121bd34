package io.winnow.sama.autograd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reverse-mode differentiation driven per thread. DJL's {@code GradientCollector} allows one
 * collector per JVM, but a Flink MiniCluster runs several SAMA subtasks in one JVM, each on its own
 * thread. PyTorch's grad mode is thread-local, so each trainer switches it for its own thread and
 * calls backward directly. This is the one place that talks to the PyTorch engine about autograd.
 */
public final class Autograd {

    private Autograd() {}

    /** Scope in which operations are recorded for differentiation. */
    public static GradModeScope recording() {
        return new GradModeScope(true);
    }

    /** Scope in which nothing is recorded (forwards that need no gradient, in-place updates). */
    public static GradModeScope paused() {
        return new GradModeScope(false);
    }

    public static boolean isRecording() {
        return JniUtils.isGradMode();
    }

    /**
     * First-order gradient of a scalar with respect to leaf tensors, as copies owned by {@code
     * into}. The leaves' accumulated gradients are cleared first, so earlier backward passes do not
     * leak into the result.
     */
    public static List<NDArray> gradient(NDArray scalar, List<NDArray> wrt, NDManager into) {
        for (NDArray leaf : wrt) {
            JniUtils.zeroGrad((PtNDArray) leaf);
        }
        try (NDArray seed = scalar.onesLike()) {
            JniUtils.backward((PtNDArray) scalar, (PtNDArray) seed, false, false);
        }
        List<NDArray> gradients = new ArrayList<>(wrt.size());
        for (NDArray leaf : wrt) {
            try (NDArray accumulated = leaf.getGradient()) {
                NDArray copy = accumulated.duplicate();
                copy.attach(into);
                gradients.add(copy);
            }
        }
        return gradients;
    }

    /** A loss value and its gradient. */
    public record ValueAndGradient(double value, List<NDArray> gradient) {}

    /**
     * Evaluates {@code loss} with recording on and returns its value and gradient. Every array the
     * evaluation creates on this thread is closed on return, except the gradient (owned by {@code
     * into}): a meta step evaluates several losses, and keeping each one's activations until the
     * end of the step would multiply its memory.
     */
    public static ValueAndGradient valueAndGradient(Supplier<NDArray> loss, List<NDArray> wrt, NDManager into) {
        try (NDScope scope = new NDScope(); GradModeScope ignored = recording()) {
            NDArray value = loss.get();
            double scalar = Tensors.scalar(value);
            List<NDArray> gradient = gradient(value, wrt, into);
            gradient.forEach(NDScope::unregister);
            return new ValueAndGradient(scalar, gradient);
        }
    }

    /** Sets grad mode for the current thread and restores the previous mode on close. */
    public static final class GradModeScope implements AutoCloseable {
        private final boolean previous;

        private GradModeScope(boolean enabled) {
            previous = JniUtils.isGradMode();
            JniUtils.setGradMode(enabled);
        }

        @Override
        public void close() {
            JniUtils.setGradMode(previous);
        }
    }
}

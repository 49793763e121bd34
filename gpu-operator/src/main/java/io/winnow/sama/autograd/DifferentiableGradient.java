package io.winnow.sama.autograd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.winnow.sama.torchscript.AutogradKernel;

import java.util.List;

/**
 * G = ∂L/∂θ kept with its graph, so that products with it can be differentiated again: the
 * Hessian-vector product ∂(G·v)/∂θ and the mixed product ∂(G·v)/∂λ that the Neumann-series and
 * conjugate-gradient baselines need. Built on {@code torch.autograd.grad} (see {@link
 * AutogradKernel}) because DJL's backward would accumulate a graph into the leaves' gradients and
 * leak it.
 */
public final class DifferentiableGradient {

    private final NDList gradient;

    private DifferentiableGradient(NDList gradient) {
        this.gradient = gradient;
    }

    /** Call inside {@link Autograd#recording()}, on a loss recorded with θ's graph. */
    public static DifferentiableGradient of(NDArray scalar, List<NDArray> theta, NDManager manager) {
        NDList seed = new NDList(scalar.onesLike());
        NDList gradient = AutogradKernel.shared()
                .grad(new NDList(scalar), new NDList(theta), seed, true, manager);
        return new DifferentiableGradient(gradient);
    }

    /**
     * ∂(G·v)/∂wrt. The graph of G is kept, so any number of products can follow.
     *
     * @param v one array per θ parameter
     * @param wrt θ for a Hessian-vector product, λ for the mixed product
     */
    public List<NDArray> vectorProduct(List<NDArray> v, List<NDArray> wrt, NDManager into) {
        return AutogradKernel.shared()
                .gradRetainingGraph(gradient, new NDList(wrt), new NDList(v), into);
    }
}

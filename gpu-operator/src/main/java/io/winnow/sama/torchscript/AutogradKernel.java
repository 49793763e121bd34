package io.winnow.sama.torchscript;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code torch.autograd.grad} for DJL, run through a tiny parameter-less TorchScript module.
 *
 * <p>DJL only exposes {@code backward}, which accumulates into the leaves' {@code .grad}; with
 * {@code create_graph} that closes a cycle (leaf, grad, graph, AccumulateGrad, leaf) DJL cannot
 * break, leaking every Hessian-vector product. {@code autograd.grad} returns the gradients
 * instead and never touches {@code .grad}.
 *
 * <p>Grad mode is the caller's ({@link JniUtils#setGradMode}): the module is invoked in DJL's
 * training path, which keeps the thread's grad mode, whereas the inference path wraps the call in
 * an {@code InferenceMode} guard whose results cannot take part in autograd. The backward pass
 * itself records a graph exactly when {@code createGraph} is true, whatever the grad mode.
 *
 * <p>One module is loaded per JVM and shared: TorchScript methods may be run concurrently.
 */
public final class AutogradKernel {

    static final String SOURCE =
            String.join(
                    "\n",
                    "def grad(self, outputs: List[Tensor], inputs: List[Tensor],"
                            + " grad_outputs: List[Tensor]) -> List[Tensor]:",
                    "  return self.autograd_grad(outputs, inputs, grad_outputs, False, False)",
                    "",
                    "def grad_retain_graph(self, outputs: List[Tensor], inputs: List[Tensor],"
                            + " grad_outputs: List[Tensor]) -> List[Tensor]:",
                    "  return self.autograd_grad(outputs, inputs, grad_outputs, True, False)",
                    "",
                    "def grad_create_graph(self, outputs: List[Tensor], inputs: List[Tensor],"
                            + " grad_outputs: List[Tensor]) -> List[Tensor]:",
                    "  return self.autograd_grad(outputs, inputs, grad_outputs, True, True)",
                    "",
                    "def autograd_grad(self, outputs: List[Tensor], inputs: List[Tensor],"
                            + " grad_outputs: List[Tensor], retain_graph: bool,"
                            + " create_graph: bool) -> List[Tensor]:",
                    // aten::grad takes Tensor?[]; TorchScript lists are invariant, so copy.
                    "  seeds = annotate(List[Optional[Tensor]], [])",
                    "  for seed in grad_outputs:",
                    "    seeds.append(seed)",
                    "  grads = torch.autograd.grad(outputs, inputs, seeds, retain_graph,"
                            + " create_graph, True)",
                    "  result = annotate(List[Tensor], [])",
                    "  for i in range(len(grads)):",
                    "    maybe = grads[i]",
                    "    if maybe is None:",
                    "      result.append(torch.zeros_like(inputs[i]))",
                    "    else:",
                    "      result.append(maybe)",
                    "  return result",
                    "");

    private static volatile AutogradKernel shared;

    private final PtSymbolBlock module;

    private AutogradKernel(PtSymbolBlock module) {
        this.module = module;
    }

    /** The JVM-wide kernel, written to a temporary file and loaded on first use. */
    public static AutogradKernel shared() {
        AutogradKernel kernel = shared;
        if (kernel == null) {
            synchronized (AutogradKernel.class) {
                kernel = shared;
                if (kernel == null) {
                    kernel = load();
                    shared = kernel;
                }
            }
        }
        return kernel;
    }

    /**
     * Gradients of {@code outputs} with respect to {@code inputs}, seeded with {@code
     * gradOutputs} (same shapes as {@code outputs}). Inputs the outputs do not depend on get
     * zeros. With {@code createGraph} the result is differentiable (for higher-order
     * derivatives) and the graph of {@code outputs} is retained; without it that graph is freed.
     * Every input must require grad, and {@code outputs} must have been computed in grad mode.
     *
     * @return one gradient per input, attached to the manager of {@code outputs.get(0)}
     */
    public NDList grad(NDList outputs, NDList inputs, NDList gradOutputs, boolean createGraph) {
        return grad(outputs, inputs, gradOutputs, createGraph, outputs.get(0).getManager());
    }

    /** As {@link #grad(NDList, NDList, NDList, boolean)}, with results attached to {@code dest}. */
    public NDList grad(
            NDList outputs,
            NDList inputs,
            NDList gradOutputs,
            boolean createGraph,
            NDManager dest) {
        return run(createGraph ? "grad_create_graph" : "grad", outputs, inputs, gradOutputs, dest);
    }

    /**
     * As {@link #grad(NDList, NDList, NDList, boolean, NDManager)} without a graph for the result,
     * but keeping the graph of {@code outputs}, so that several vector-Jacobian products can be
     * taken through it (the Hessian-vector products of conjugate gradient and Neumann series).
     */
    public NDList gradRetainingGraph(NDList outputs, NDList inputs, NDList gradOutputs, NDManager dest) {
        return run("grad_retain_graph", outputs, inputs, gradOutputs, dest);
    }

    private NDList run(String methodName, NDList outputs, NDList inputs, NDList gradOutputs, NDManager dest) {
        if (outputs.isEmpty() || inputs.isEmpty() || outputs.size() != gradOutputs.size()) {
            throw new IllegalArgumentException(
                    "need outputs and inputs, and one grad output per output");
        }
        // DJL groups tensors into list arguments by NDArray name. Name private aliases (same
        // tensor, hence same autograd identity) so the caller's arrays are never renamed.
        try (NDManager scratch = dest.newSubManager()) {
            NDList args = new NDList(outputs.size() * 2 + inputs.size() + 1);
            addAliases(args, outputs, "outputs[]", scratch);
            addAliases(args, inputs, "inputs[]", scratch);
            addAliases(args, gradOutputs, "grad_outputs[]", scratch);
            NDArray method = scratch.create(0f);
            method.setName("module_method:" + methodName);
            args.add(method);

            NDList grads = IValueUtils.forward(module, args, true);
            grads.attach(dest);
            return grads;
        }
    }

    /** Gradient of a scalar {@code output}, i.e. seeded with one. */
    public NDList grad(NDArray output, NDList inputs, boolean createGraph) {
        NDManager dest = output.getManager();
        try (NDManager scratch = dest.newSubManager()) {
            // Natively allocated on purpose: with createGraph the seed may be saved in the new
            // graph, and NDManager.create(...) tensors borrow a Java buffer freed on close + GC.
            NDArray one = scratch.ones(output.getShape(), output.getDataType());
            return grad(new NDList(output), inputs, new NDList(one), createGraph, dest);
        }
    }

    private static void addAliases(NDList args, NDList arrays, String name, NDManager scratch) {
        for (NDArray array : arrays) {
            PtNDArray pt = (PtNDArray) array;
            // Same dtype and device: libtorch returns the tensor itself, DJL a new handle to it.
            PtNDArray alias = JniUtils.to(pt, pt.getDataType(), pt.getDevice());
            alias.attach(scratch);
            alias.setName(name);
            args.add(alias);
        }
    }

    private static AutogradKernel load() {
        try {
            Path file = Files.createTempFile("autograd-kernel", ".pt");
            try {
                TorchScriptArchive.module("AutogradKernel").methods(SOURCE).write(file);
                // Parameter-less, hence device-agnostic: a CPU-loaded module serves any device.
                PtNDManager owner =
                        (PtNDManager) NDManager.newBaseManager(Device.cpu(), "PyTorch");
                String[] noExtraFiles = new String[0];
                PtSymbolBlock module =
                        JniUtils.loadModule(owner, file, false, noExtraFiles, noExtraFiles, false);
                return new AutogradKernel(module);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the autograd TorchScript module", e);
        }
    }
}

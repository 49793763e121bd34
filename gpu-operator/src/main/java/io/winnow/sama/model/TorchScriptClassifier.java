package io.winnow.sama.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.ParameterSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A user's TorchScript classifier loaded with trainable parameters. θ is the module's own
 * parameter tensors, so optimizers and perturbations update the module in place.
 *
 * <p>A pass recorded for differentiation runs the module in training mode even when the engine asks
 * for evaluation (DJL's evaluation mode cannot be differentiated), so a module's own dropout is
 * active in the meta loss. Dropout inside a TorchScript module draws from PyTorch's process-wide generator; training
 * passes reseed it from the forward's seed so that θ+ and θ− see the same masks. Two trainers on
 * different threads of one JVM can interleave draws, so a TorchScript model with dropout is
 * reproducible only when it is the only trainer in its JVM.
 */
public final class TorchScriptClassifier implements BaseLearner {

    private final Path file;
    private final InputSpec input;
    private final int numClasses;
    private final Device device;
    private final Model model;
    private final PtSymbolBlock block;
    private final ParameterSet parameters;

    private TorchScriptClassifier(Path file, InputSpec input, int numClasses, Device device, Model model) {
        this.file = file;
        this.input = input;
        this.numClasses = numClasses;
        this.device = device;
        this.model = model;
        this.block = (PtSymbolBlock) model.getBlock();
        ParameterSet.Builder builder = ParameterSet.builder();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            builder.add(parameter.getKey(), parameter.getValue().getArray());
        }
        this.parameters = builder.build();
        if (parameters.size() == 0) {
            throw new IllegalArgumentException("TorchScript model " + file + " has no trainable parameters");
        }
    }

    public static TorchScriptClassifier load(Path file, InputSpec input, int numClasses, Device device) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("TorchScript model not found: " + file);
        }
        Model model = Model.newInstance("winnow-torchscript", device, "PyTorch");
        try {
            model.load(file, null, Map.of("trainParam", "true"));
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("cannot read TorchScript model " + file, e);
        } catch (MalformedModelException e) {
            model.close();
            throw new IllegalArgumentException("not a TorchScript model: " + file, e);
        }
        return new TorchScriptClassifier(file, input, numClasses, device, model);
    }

    @Override
    public NDArray logits(ModelInput batch, Forward forward) {
        // A module optimised for inference after training mispredicts; the switch is per thread.
        JniUtils.setGraphExecutorOptimize(false);
        if (forward.isTraining()) {
            JniUtils.setSeed(forward.seed());
        }
        NDArray x = input.kind() == InputKind.DENSE ? batch.features() : batch.tokens();
        // DJL runs a module called with training=false in inference mode, whose outputs cannot be
        // differentiated; a pass that is being recorded (e.g. the meta loss) must run in training mode.
        boolean trainingMode = forward.isTraining() || Autograd.isRecording();
        NDList out = block.forward(new ParameterStore(x.getManager(), false), new NDList(x), trainingMode);
        NDArray logits = out.get(0);
        long[] shape = logits.getShape().getShape();
        if (shape.length != 2 || shape[0] != batch.batchSize() || shape[1] != numClasses) {
            throw new IllegalStateException("TorchScript model " + file + " returned " + logits.getShape()
                    + ", expected [" + batch.batchSize() + ", " + numClasses + "]");
        }
        return logits;
    }

    @Override
    public InputSpec inputSpec() {
        return input;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    public BaseLearner replicate() {
        TorchScriptClassifier copy = load(file, input, numClasses, device);
        copy.parameters.assign(parameters.arrays());
        for (NDArray array : copy.parameters.arrays()) {
            array.setRequiresGradient(false);
        }
        return copy;
    }

    @Override
    public void close() {
        model.close();
    }

}

package io.winnow.sama.torchscript;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * A ready-made TorchScript classifier, {@code Linear -> ReLU -> Linear} in float32, for tests
 * that need a "user" TorchScript model without Python.
 *
 * <p>Parameters follow {@code torch.nn.Linear} (weight is {@code [out, in]}, logits are {@code x
 * W^T + b}) and are named {@code fc1_weight, fc1_bias, fc2_weight, fc2_bias}. {@code forward}
 * maps {@code [batch, inputDim]} to {@code [batch, classes]} logits.
 */
public final class MlpClassifierArchive {

    static final String FORWARD =
            String.join(
                    "\n",
                    "def forward(self, x: Tensor) -> Tensor:",
                    "  hidden = torch.relu(torch.linear(x, self.fc1_weight, self.fc1_bias))",
                    "  return torch.linear(hidden, self.fc2_weight, self.fc2_bias)",
                    "");

    /** The weights written, row-major, so tests can recompute the forward pass. */
    public record Weights(
            int inputDim,
            int hidden,
            int classes,
            float[] fc1Weight,
            float[] fc1Bias,
            float[] fc2Weight,
            float[] fc2Bias) {}

    private MlpClassifierArchive() {}

    /**
     * Writes an MLP classifier whose weights are drawn from {@code new Random(seed)} like
     * PyTorch's default Linear init, uniform in {@code ±1/sqrt(fan_in)}.
     *
     * @return the weights that were written
     */
    public static Weights write(Path file, int inputDim, int hidden, int classes, long seed)
            throws IOException {
        Random random = new Random(seed);
        Weights w =
                new Weights(
                        inputDim,
                        hidden,
                        classes,
                        uniform(random, hidden * inputDim, inputDim),
                        uniform(random, hidden, inputDim),
                        uniform(random, classes * hidden, hidden),
                        uniform(random, classes, hidden));
        write(file, w);
        return w;
    }

    /** Writes an MLP classifier with the given weights. */
    public static void write(Path file, Weights w) throws IOException {
        int in = w.inputDim();
        int hidden = w.hidden();
        int classes = w.classes();
        TorchScriptArchive.module("MlpClassifier")
                .parameter("fc1_weight", ScriptTensor.ofFloats(w.fc1Weight(), hidden, in))
                .parameter("fc1_bias", ScriptTensor.ofFloats(w.fc1Bias(), hidden))
                .parameter("fc2_weight", ScriptTensor.ofFloats(w.fc2Weight(), classes, hidden))
                .parameter("fc2_bias", ScriptTensor.ofFloats(w.fc2Bias(), classes))
                .methods(FORWARD)
                .write(file);
    }

    private static float[] uniform(Random random, int count, int fanIn) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (random.nextFloat() * 2f - 1f) * bound;
        }
        return values;
    }
}

package io.winnow.sama.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.winnow.sama.random.SplitMix64;

import java.nio.file.Path;
import java.util.Arrays;

/** Which base learner to build, with its sizes. */
public sealed interface ModelSpec extends java.io.Serializable {

    /** Builds the learner with parameters drawn from {@code rng} (TorchScript models bring their own). */
    BaseLearner create(NDManager manager, Device device, DataType dataType, SplitMix64 rng);

    /** An MLP over dense vectors: input dimension, hidden sizes…, classes. */
    record Mlp(int[] layerSizes, double dropout) implements ModelSpec {
        public Mlp {
            layerSizes = layerSizes.clone();
        }

        @Override
        public int[] layerSizes() {
            return layerSizes.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Mlp that && Arrays.equals(layerSizes, that.layerSizes)
                    && Double.compare(dropout, that.dropout) == 0;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(layerSizes) + Double.hashCode(dropout);
        }

        @Override
        public String toString() {
            return "Mlp" + Arrays.toString(layerSizes) + (dropout > 0 ? " dropout " + dropout : "");
        }

        @Override
        public BaseLearner create(NDManager manager, Device device, DataType dataType, SplitMix64 rng) {
            return MlpClassifier.create(manager, layerSizes, dropout, dataType, rng);
        }
    }

    /** A text classifier over token ids (bag of embeddings, or a Transformer encoder). */
    record Text(TextClassifierSpec spec) implements ModelSpec {
        @Override
        public BaseLearner create(NDManager manager, Device device, DataType dataType, SplitMix64 rng) {
            return TextClassifier.create(manager, spec, dataType, rng);
        }
    }

    /**
     * A user's TorchScript module, loaded with trainable parameters. Its forward takes the batch's
     * features [B, d] (float) or token ids [B, T] (int64) and returns logits [B, classes].
     */
    record TorchScript(String file, InputSpec input, int numClasses) implements ModelSpec {
        public TorchScript(Path file, InputSpec input, int numClasses) {
            this(file.toString(), input, numClasses);
        }

        @Override
        public BaseLearner create(NDManager manager, Device device, DataType dataType, SplitMix64 rng) {
            return TorchScriptClassifier.load(Path.of(file), input, numClasses, device);
        }
    }
}

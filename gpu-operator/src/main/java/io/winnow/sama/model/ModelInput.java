package io.winnow.sama.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * A batch of examples as tensors: features [B, d], or token ids [B, T] (int64) with a mask [B, T]
 * that is 1 on real tokens and 0 on padding. T is the longest example in the batch, capped at the
 * model's maximum length (longer sequences are truncated).
 */
public final class ModelInput {

    private final NDArray features;
    private final NDArray tokens;
    private final NDArray mask;
    private final int batchSize;

    private ModelInput(NDArray features, NDArray tokens, NDArray mask, int batchSize) {
        this.features = features;
        this.tokens = tokens;
        this.mask = mask;
        this.batchSize = batchSize;
    }

    /** Throws IllegalArgumentException naming the example when one does not fit the spec. */
    public static ModelInput encode(List<? extends InputRow> examples, InputSpec spec, DataType dataType, NDManager manager) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        return spec.kind() == InputKind.DENSE
                ? dense(examples, spec.size(), dataType, manager)
                : tokens(examples, spec.size(), spec.vocabularySize(), dataType, manager);
    }

    private static ModelInput dense(List<? extends InputRow> examples, int dimension, DataType dataType, NDManager manager) {
        float[] flat = new float[examples.size() * dimension];
        for (int i = 0; i < examples.size(); i++) {
            InputRow example = examples.get(i);
            if (!example.isDense() || example.features().length != dimension) {
                throw new IllegalArgumentException(
                        "example " + example.id() + " is not a dense vector of dimension " + dimension);
            }
            System.arraycopy(example.features(), 0, flat, i * dimension, dimension);
        }
        NDArray features = manager.create(flat, new Shape(examples.size(), dimension));
        if (dataType != DataType.FLOAT32) {
            NDArray converted = features.toType(dataType, false);
            features.close();
            features = converted;
        }
        return new ModelInput(features, null, null, examples.size());
    }

    private static ModelInput tokens(
            List<? extends InputRow> examples, int maxLength, int vocabularySize, DataType dataType, NDManager manager) {
        int length = 1;
        for (InputRow example : examples) {
            if (example.isDense() || example.tokens().length == 0) {
                throw new IllegalArgumentException("example " + example.id() + " has no token ids");
            }
            length = Math.max(length, Math.min(maxLength, example.tokens().length));
        }
        long[] ids = new long[examples.size() * length];
        float[] present = new float[examples.size() * length];
        for (int i = 0; i < examples.size(); i++) {
            int[] source = examples.get(i).tokens();
            for (int t = 0; t < Math.min(length, source.length); t++) {
                if (source[t] < 0 || source[t] >= vocabularySize) {
                    throw new IllegalArgumentException("example " + examples.get(i).id() + " has token id "
                            + source[t] + " outside [0, " + vocabularySize + ")");
                }
                ids[i * length + t] = source[t];
                present[i * length + t] = source[t] == 0 ? 0f : 1f;
            }
        }
        Shape shape = new Shape(examples.size(), length);
        NDArray tokenArray = manager.create(ids, shape);
        NDArray maskArray = manager.create(present, shape);
        if (dataType != DataType.FLOAT32) {
            NDArray converted = maskArray.toType(dataType, false);
            maskArray.close();
            maskArray = converted;
        }
        return new ModelInput(null, tokenArray, maskArray, examples.size());
    }

    /**
     * Token input built by the caller, e.g. with masked positions replaced by a [MASK] id that lies
     * outside the vocabulary {@link #encode} accepts.
     *
     * @param tokens int64 ids [B, T]
     * @param mask 1 on real tokens and 0 on padding [B, T], in the model's data type
     */
    public static ModelInput ofTokens(NDArray tokens, NDArray mask) {
        if (!tokens.getShape().equals(mask.getShape()) || tokens.getShape().dimension() != 2) {
            throw new IllegalArgumentException("tokens " + tokens.getShape() + " and mask " + mask.getShape()
                    + " must both be [batch, length]");
        }
        return new ModelInput(null, tokens, mask, Math.toIntExact(tokens.getShape().get(0)));
    }

    /** Dense input built by the caller: features [B, d] in the model's data type. */
    public static ModelInput ofFeatures(NDArray features) {
        if (features.getShape().dimension() != 2) {
            throw new IllegalArgumentException("features " + features.getShape() + " must be [batch, dimension]");
        }
        return new ModelInput(features, null, null, Math.toIntExact(features.getShape().get(0)));
    }

    public NDArray features() {
        if (features == null) {
            throw new IllegalStateException("this batch holds token ids, not features");
        }
        return features;
    }

    public NDArray tokens() {
        if (tokens == null) {
            throw new IllegalStateException("this batch holds features, not token ids");
        }
        return tokens;
    }

    public NDArray mask() {
        return mask;
    }

    public int batchSize() {
        return batchSize;
    }
}

package io.winnow.sama.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.autograd.Scalars;
import io.winnow.sama.random.SplitMix64;

/**
 * A text classifier over token ids: embedding, an optional pre-LayerNorm Transformer encoder,
 * masked mean pooling over the real tokens, and an MLP head. With zero encoder layers it is the
 * classic bag-of-embeddings model.
 *
 * <p>With {@link TextClassifierSpec#maskedTokenHead()} the encoder also feeds a masked-token head
 * (dense, GELU, LayerNorm, decoder to the vocabulary, as in BERT) and the embedding has a [MASK] row.
 */
public final class TextClassifier implements MaskedTokenModel {

    private final NDManager manager;
    private final TextClassifierSpec spec;
    private final ParameterSet parameters;

    private TextClassifier(NDManager manager, TextClassifierSpec spec, ParameterSet parameters) {
        this.manager = manager;
        this.spec = spec;
        this.parameters = parameters;
    }

    public static TextClassifier create(NDManager parent, TextClassifierSpec spec, DataType dataType, SplitMix64 rng) {
        NDManager manager = parent.newSubManager();
        int e = spec.embeddingDim();
        ParameterSet.Builder builder = ParameterSet.builder();
        int embeddingRows = spec.vocabularySize() + (spec.maskedTokenHead() ? 1 : 0);
        builder.add("embedding.weight",
                Layers.normal(manager, rng, new Shape(embeddingRows, e), 1.0 / Math.sqrt(e), dataType));
        if (spec.encoderLayers() > 0) {
            builder.add("position.weight", Layers.normal(manager, rng, new Shape(spec.maxLength(), e), 0.02, dataType));
            for (int layer = 0; layer < spec.encoderLayers(); layer++) {
                String p = "encoder." + layer + ".";
                addLayerNorm(builder, manager, p + "norm1", e, dataType);
                addLinear(builder, manager, rng, p + "attention.in", e, 3 * e, dataType);
                addLinear(builder, manager, rng, p + "attention.out", e, e, dataType);
                addLayerNorm(builder, manager, p + "norm2", e, dataType);
                addLinear(builder, manager, rng, p + "ffn.in", e, spec.feedForwardDim(), dataType);
                addLinear(builder, manager, rng, p + "ffn.out", spec.feedForwardDim(), e, dataType);
            }
            addLayerNorm(builder, manager, "encoder.final_norm", e, dataType);
        }
        int[] head = spec.headSizes();
        for (int layer = 0; layer + 1 < head.length; layer++) {
            addLinear(builder, manager, rng, "head." + layer, head[layer], head[layer + 1], dataType);
        }
        if (spec.maskedTokenHead()) {
            addLinear(builder, manager, rng, "mlm.dense", e, e, dataType);
            addLayerNorm(builder, manager, "mlm.norm", e, dataType);
            addLinear(builder, manager, rng, "mlm.decoder", e, spec.vocabularySize(), dataType);
        }
        ParameterSet parameters = builder.build();
        parameters.setRequiresGradient(true);
        return new TextClassifier(manager, spec, parameters);
    }

    private static void addLinear(ParameterSet.Builder builder, NDManager manager, SplitMix64 rng,
            String name, int in, int out, DataType dataType) {
        double bound = 1.0 / Math.sqrt(in);
        builder.add(name + ".weight", Layers.uniform(manager, rng, new Shape(out, in), bound, dataType));
        builder.add(name + ".bias", Layers.uniform(manager, rng, new Shape(out), bound, dataType));
    }

    private static void addLayerNorm(ParameterSet.Builder builder, NDManager manager, String name, int dim, DataType dataType) {
        builder.add(name + ".gamma", manager.ones(new Shape(dim), dataType));
        builder.add(name + ".beta", manager.zeros(new Shape(dim), dataType));
    }

    @Override
    public NDArray logits(ModelInput input, Forward forward) {
        NDArray pooled = Layers.maskedMean(encode(input, forward), input.mask());
        return MlpClassifier.forward(pooled, parameters, "head.", spec.headSizes().length - 1, spec.dropout(), forward);
    }

    @Override
    public NDArray tokenLogits(ModelInput input, NDArray positions, Forward forward) {
        if (!spec.maskedTokenHead()) {
            throw new IllegalStateException("this text model has no masked-token head");
        }
        NDArray h = encode(input, forward);
        Shape shape = h.getShape();
        NDArray chosen = positions.matMul(h.reshape(shape.get(0) * shape.get(1), shape.get(2)));
        NDArray transformed = Layers.layerNorm(Layers.gelu(linear(chosen, "mlm.dense")),
                parameters.get("mlm.norm.gamma"), parameters.get("mlm.norm.beta"));
        return linear(transformed, "mlm.decoder");
    }

    /** Token states [B, T, E]: embeddings, then the encoder when there is one. */
    private NDArray encode(ModelInput input, Forward forward) {
        NDArray tokens = input.tokens();
        NDArray mask = input.mask();
        NDArray h = Embedding.embedding(tokens, parameters.get("embedding.weight"), SparseFormat.DENSE)
                .singletonOrThrow();
        if (spec.encoderLayers() > 0) {
            long length = tokens.getShape().get(1);
            h = h.add(parameters.get("position.weight").get(new NDIndex("0:{}", length)));
            h = forward.dropout(h, spec.dropout());
            // Padding keys get a large negative score so attention ignores them.
            NDArray keyBias = mask.sub(1.0).mul(1e9).expandDims(1).expandDims(1);
            for (int layer = 0; layer < spec.encoderLayers(); layer++) {
                h = encoderLayer(h, keyBias, "encoder." + layer + ".", forward);
            }
            h = Layers.layerNorm(h, parameters.get("encoder.final_norm.gamma"), parameters.get("encoder.final_norm.beta"));
        }
        return h;
    }

    private NDArray encoderLayer(NDArray x, NDArray keyBias, String p, Forward forward) {
        NDArray normed = Layers.layerNorm(x, parameters.get(p + "norm1.gamma"), parameters.get(p + "norm1.beta"));
        NDArray attended = selfAttention(normed, keyBias, p + "attention.", forward);
        NDArray h = x.add(forward.dropout(attended, spec.dropout()));
        NDArray normed2 = Layers.layerNorm(h, parameters.get(p + "norm2.gamma"), parameters.get(p + "norm2.beta"));
        NDArray inner = Layers.gelu(linear(normed2, p + "ffn.in"));
        NDArray out = linear(forward.dropout(inner, spec.dropout()), p + "ffn.out");
        return h.add(forward.dropout(out, spec.dropout()));
    }

    private NDArray selfAttention(NDArray x, NDArray keyBias, String p, Forward forward) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long length = shape.get(1);
        long width = shape.get(2);
        int heads = spec.attentionHeads();
        long headDim = width / heads;
        NDArray projected = linear(x, p + "in");
        NDArray query = splitHeads(projected.get(new NDIndex(":, :, 0:{}", width)), batch, length, heads, headDim);
        NDArray key = splitHeads(projected.get(new NDIndex(":, :, {}:{}", width, 2 * width)), batch, length, heads, headDim);
        NDArray value = splitHeads(projected.get(new NDIndex(":, :, {}:", 2 * width)), batch, length, heads, headDim);
        NDArray scores = Scalars.div(query.matMul(key.transpose(0, 1, 3, 2)), Math.sqrt(headDim)).add(keyBias);
        NDArray attention = forward.dropout(scores.softmax(-1), spec.dropout());
        NDArray context = attention.matMul(value).transpose(0, 2, 1, 3).reshape(batch, length, width);
        return linear(context, p + "out");
    }

    private static NDArray splitHeads(NDArray x, long batch, long length, int heads, long headDim) {
        return x.reshape(batch, length, heads, headDim).transpose(0, 2, 1, 3);
    }

    private NDArray linear(NDArray x, String name) {
        return Layers.linear(x, parameters.get(name + ".weight"), parameters.get(name + ".bias"));
    }

    @Override
    public InputSpec inputSpec() {
        return InputSpec.tokens(spec.maxLength(), spec.vocabularySize());
    }

    @Override
    public int vocabularySize() {
        return spec.vocabularySize();
    }

    @Override
    public int maskTokenId() {
        if (!spec.maskedTokenHead()) {
            throw new IllegalStateException("this text model has no masked-token head");
        }
        return spec.maskTokenId();
    }

    @Override
    public boolean hasMaskedTokenHead() {
        return spec.maskedTokenHead();
    }

    @Override
    public int numClasses() {
        return spec.numClasses();
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    public BaseLearner replicate() {
        NDManager copyManager = manager.getParentManager().newSubManager();
        return new TextClassifier(copyManager, spec, Replicas.copy(parameters, copyManager));
    }

    @Override
    public void close() {
        manager.close();
    }
}

package io.winnow.sama.model;

import java.util.Arrays;

/**
 * Sizes of a {@link TextClassifier}.
 *
 * @param vocabularySize token ids must lie in [0, vocabularySize); 0 is padding
 * @param maxLength longer sequences are truncated
 * @param embeddingDim width of the embeddings and of the encoder
 * @param encoderLayers 0 for embedding + pooling + MLP, more for a Transformer encoder
 * @param attentionHeads must divide embeddingDim
 * @param feedForwardDim inner width of the encoder's feed-forward blocks
 * @param hiddenSizes hidden sizes of the classification head (may be empty)
 * @param numClasses number of classes
 * @param dropout dropout rate in the encoder and the head
 * @param maskedTokenHead add a masked-token (BERT MLM) head beside the classifier, for continued
 *     pretraining on unlabeled text: the embedding then has one extra row, the [MASK] token with id
 *     {@code vocabularySize}; needs an encoder (with none every masked position would look alike)
 */
public record TextClassifierSpec(
        int vocabularySize,
        int maxLength,
        int embeddingDim,
        int encoderLayers,
        int attentionHeads,
        int feedForwardDim,
        int[] hiddenSizes,
        int numClasses,
        double dropout,
        boolean maskedTokenHead) implements java.io.Serializable {

    /** A classifier without a masked-token head. */
    public TextClassifierSpec(int vocabularySize, int maxLength, int embeddingDim, int encoderLayers,
            int attentionHeads, int feedForwardDim, int[] hiddenSizes, int numClasses, double dropout) {
        this(vocabularySize, maxLength, embeddingDim, encoderLayers, attentionHeads, feedForwardDim, hiddenSizes,
                numClasses, dropout, false);
    }

    public TextClassifierSpec {
        if (vocabularySize < 2 || maxLength < 1 || embeddingDim < 1 || numClasses < 2) {
            throw new IllegalArgumentException("need vocabularySize >= 2, maxLength >= 1, embeddingDim >= 1, numClasses >= 2");
        }
        if (encoderLayers < 0) {
            throw new IllegalArgumentException("encoderLayers must be >= 0");
        }
        if (encoderLayers > 0 && (attentionHeads < 1 || embeddingDim % attentionHeads != 0 || feedForwardDim < 1)) {
            throw new IllegalArgumentException(
                    "attentionHeads must divide embeddingDim (" + embeddingDim + ") and feedForwardDim must be positive");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
        }
        if (maskedTokenHead && encoderLayers == 0) {
            throw new IllegalArgumentException("a masked-token head needs at least one encoder layer");
        }
        hiddenSizes = hiddenSizes == null ? new int[0] : hiddenSizes.clone();
        if (Arrays.stream(hiddenSizes).anyMatch(size -> size < 1)) {
            throw new IllegalArgumentException("hidden sizes must be positive");
        }
    }

    /** The same model with a masked-token head. */
    public TextClassifierSpec withMaskedTokenHead() {
        return new TextClassifierSpec(vocabularySize, maxLength, embeddingDim, encoderLayers, attentionHeads,
                feedForwardDim, hiddenSizes, numClasses, dropout, true);
    }

    /** Id of the [MASK] token of a model with a masked-token head. */
    public int maskTokenId() {
        return vocabularySize;
    }

    /** Embedding width, hidden sizes…, classes. */
    int[] headSizes() {
        int[] sizes = new int[hiddenSizes.length + 2];
        sizes[0] = embeddingDim;
        System.arraycopy(hiddenSizes, 0, sizes, 1, hiddenSizes.length);
        sizes[sizes.length - 1] = numClasses;
        return sizes;
    }

    @Override
    public int[] hiddenSizes() {
        return hiddenSizes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TextClassifierSpec that
                && vocabularySize == that.vocabularySize && maxLength == that.maxLength
                && embeddingDim == that.embeddingDim && encoderLayers == that.encoderLayers
                && attentionHeads == that.attentionHeads && feedForwardDim == that.feedForwardDim
                && Arrays.equals(hiddenSizes, that.hiddenSizes) && numClasses == that.numClasses
                && Double.compare(dropout, that.dropout) == 0 && maskedTokenHead == that.maskedTokenHead;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(vocabularySize, maxLength, embeddingDim, encoderLayers, attentionHeads,
                feedForwardDim, Arrays.hashCode(hiddenSizes), numClasses, dropout, maskedTokenHead);
    }

    @Override
    public String toString() {
        return "TextClassifierSpec[vocabulary " + vocabularySize + ", max length " + maxLength + ", embedding "
                + embeddingDim + ", encoder layers " + encoderLayers + ", heads " + attentionHeads + ", ffn "
                + feedForwardDim + ", hidden " + Arrays.toString(hiddenSizes) + ", classes " + numClasses
                + ", dropout " + dropout + (maskedTokenHead ? ", masked-token head" : "") + "]";
    }
}

package io.winnow.jobs.spam;

import io.winnow.jobs.ingest.HashingTokenizer;

/**
 * What the models read from an e-mail's subject and body: a hashed bag of words (dense, for the
 * MLP; log-scaled counts, unit length) or hashed token ids (for the text model).
 */
public final class EmailFeatures {

    private EmailFeatures() {}

    public static float[] bagOfWords(Email email, int dimension) {
        int[] ids = HashingTokenizer.tokenize(email.content(), dimension + 1, 1 << 20);
        float[] counts = new float[dimension];
        for (int id : ids) {
            counts[id - 1]++;
        }
        double norm = 0;
        for (int i = 0; i < dimension; i++) {
            counts[i] = (float) Math.log1p(counts[i]);
            norm += counts[i] * counts[i];
        }
        if (norm > 0) {
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < dimension; i++) {
                counts[i] *= scale;
            }
        }
        return counts;
    }

    public static int[] tokens(Email email, int vocabularySize, int maxLength) {
        int[] ids = HashingTokenizer.tokenize(email.content(), vocabularySize, maxLength);
        return ids.length == 0 ? new int[] {1} : ids;
    }
}

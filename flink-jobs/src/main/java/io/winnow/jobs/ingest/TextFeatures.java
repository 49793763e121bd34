package io.winnow.jobs.ingest;

import org.apache.flink.annotation.Internal;

/** A hashed bag of words over plain text ({@link HashingTokenizer}'s words, log-scaled counts, unit length). */
@Internal
public final class TextFeatures {

    private TextFeatures() {}

    public static float[] bagOfWords(String text, int dimension) {
        int[] ids = HashingTokenizer.tokenize(text, dimension + 1, 1 << 20);
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
}

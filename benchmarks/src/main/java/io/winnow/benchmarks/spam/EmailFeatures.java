package io.winnow.benchmarks.spam;

import io.winnow.jobs.ingest.HashingTokenizer;
import io.winnow.jobs.ingest.TextFeatures;

/**
 * What the models read from an e-mail's subject and body: a hashed bag of words (dense, for the
 * MLP; log-scaled counts, unit length) or hashed token ids (for the text model).
 */
public final class EmailFeatures {

    private EmailFeatures() {}

    public static float[] bagOfWords(Email email, int dimension) {
        return TextFeatures.bagOfWords(email.content(), dimension);
    }

    public static int[] tokens(Email email, int vocabularySize, int maxLength) {
        int[] ids = HashingTokenizer.tokenize(email.content(), vocabularySize, maxLength);
        return ids.length == 0 ? new int[] {1} : ids;
    }
}

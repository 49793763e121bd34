package io.winnow.jobs.ingest;

import org.apache.flink.annotation.Internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns raw text into token ids for text models without a vocabulary file: lower-cased runs of
 * letters and digits, each hashed (FNV-1a) into [1, vocabularySize); 0 stays the padding id.
 * Stable across JVMs and versions, so a replay tokenizes exactly as the live job did.
 */
@Internal
public final class HashingTokenizer {

    private HashingTokenizer() {}

    /** At most {@code maxTokens} ids; an empty or symbol-only text gives no tokens. */
    public static int[] tokenize(String text, int vocabularySize, int maxTokens) {
        if (vocabularySize < 2) {
            throw new IllegalArgumentException("vocabulary must have at least 2 ids");
        }
        int[] ids = new int[Math.min(maxTokens, text.length())];
        int count = 0;
        int start = -1;
        for (int i = 0; i <= text.length() && count < ids.length; i++) {
            boolean word = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                ids[count++] = bucket(text.substring(start, i), vocabularySize);
                start = -1;
            }
        }
        return java.util.Arrays.copyOf(ids, count);
    }

    static int bucket(String word, int vocabularySize) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : word.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return 1 + (int) Math.floorMod(hash, (long) (vocabularySize - 1));
    }
}

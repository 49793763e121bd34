package io.winnow.benchmarks;

import io.winnow.benchmarks.spam.Email;
import io.winnow.benchmarks.spam.EmailFeatures;
import io.winnow.benchmarks.spam.WeakLabels;
import io.winnow.sama.Example;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns the SpamAssassin corpus into a {@link ReplayDataset}: a fixed random split (about 2% clean
 * trusted, 20% clean test, the rest training), features for the chosen model, and training labels
 * from the labeling functions or from synthetic noise on the true labels.
 */
public final class SpamDataset {

    /** What the model reads: a hashed bag of words for the MLP or hashed token ids for the text model. */
    public enum Features {
        BAG_OF_WORDS, TOKENS
    }

    public static final double TRUSTED_SHARE = 0.02;
    public static final double TEST_SHARE = 0.20;
    public static final int BAG_OF_WORDS_DIMENSION = 1024;
    public static final int VOCABULARY = 8192;
    public static final int MAX_TOKENS = 128;

    private final List<Email> train = new ArrayList<>();
    private final List<Email> trusted = new ArrayList<>();
    private final List<Email> test = new ArrayList<>();
    private final WeakLabels weakLabels;

    /** Splits {@code emails} with {@code splitSeed}; the split stays the same across training seeds. */
    public SpamDataset(List<Email> emails, WeakLabels weakLabels, long splitSeed) {
        this.weakLabels = weakLabels;
        List<Email> shuffled = new ArrayList<>(emails);
        Collections.shuffle(shuffled, new Random(splitSeed));
        int trustedSize = Math.max(2, (int) Math.round(emails.size() * TRUSTED_SHARE));
        int testSize = Math.max(2, (int) Math.round(emails.size() * TEST_SHARE));
        trusted.addAll(shuffled.subList(0, trustedSize));
        test.addAll(shuffled.subList(trustedSize, trustedSize + testSize));
        train.addAll(shuffled.subList(trustedSize + testSize, shuffled.size()));
    }

    public List<Email> trainEmails() {
        return Collections.unmodifiableList(train);
    }

    /** The clean held-out test split. */
    public List<Email> testEmails() {
        return Collections.unmodifiableList(test);
    }

    public WeakLabels weakLabels() {
        return weakLabels;
    }

    /**
     * The dataset with training labels from {@code noise} ({@code noiseSeed} draws the synthetic
     * flips) and features for {@code features}.
     */
    public ReplayDataset build(LabelNoise noise, Features features, long noiseSeed) {
        Random random = new Random(noiseSeed);
        List<Example> trainExamples = new ArrayList<>();
        Map<String, Integer> trueLabels = new HashMap<>();
        boolean weak = noise instanceof LabelNoise.WeakSupervision;
        for (Email email : train) {
            int[] votes = weakLabels.votes(email);
            int label = weak ? WeakLabels.majority(votes) : LabelNoise.corrupt(noise, email.label(), 2, random);
            if (label == Example.NO_LABEL) {
                continue; // every labeling function abstained: no weak label to train on
            }
            trainExamples.add(example(email, features, label, weak ? votes : new int[0]));
            trueLabels.put(email.id(), email.label());
        }
        // Trusted e-mails carry their votes too: from them the meta level learns which functions to trust.
        return new ReplayDataset("spamassassin, " + noise.name(), 2, trainExamples, trueLabels,
                clean(trusted, features, weak), clean(test, features, false), taskSettings(features, weak));
    }

    private List<Example> clean(List<Email> emails, Features features, boolean withVotes) {
        return emails.stream().map(e -> example(e, features, e.label(), withVotes ? weakLabels.votes(e) : new int[0]))
                .toList();
    }

    private static Example example(Email email, Features features, int label, int[] votes) {
        return features == Features.BAG_OF_WORDS
                ? new Example(email.id(), EmailFeatures.bagOfWords(email, BAG_OF_WORDS_DIMENSION), null, label, votes)
                : new Example(email.id(), null, EmailFeatures.tokens(email, VOCABULARY, MAX_TOKENS), label, votes);
    }

    private Map<String, String> taskSettings(Features features, boolean withVotes) {
        Map<String, String> s = new HashMap<>();
        if (features == Features.BAG_OF_WORDS) {
            s.put("model", "mlp");
            s.put("input.dimension", Integer.toString(BAG_OF_WORDS_DIMENSION));
            s.put("mlp.hidden", "128");
        } else {
            s.put("model", "text");
            s.put("text.vocabulary", Integer.toString(VOCABULARY));
            s.put("text.max-length", Integer.toString(MAX_TOKENS));
            s.put("text.embedding", "64");
            s.put("text.hidden", "64");
        }
        if (withVotes) {
            s.put("labeling-functions", Integer.toString(weakLabels.count()));
        }
        return s;
    }
}

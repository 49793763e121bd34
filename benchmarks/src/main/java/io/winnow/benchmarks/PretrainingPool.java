package io.winnow.benchmarks;

import io.winnow.benchmarks.spam.Email;
import io.winnow.benchmarks.spam.FortuneCorpus;
import io.winnow.jobs.ingest.HashingTokenizer;
import io.winnow.sama.Example;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The data of the continued-pretraining benchmark: a small labeled downstream set (clean SpamAssassin
 * labels; the finetuning and meta data), the clean test split, and an unlabeled pretraining pool that
 * mixes in-domain text (e-mails the downstream task never sees labeled) with out-of-domain text
 * (fortunes) in a known proportion. Every text becomes hashed token ids.
 *
 * @param inDomain ids of the pool's in-domain (e-mail) samples; the others are out-of-domain
 */
public record PretrainingPool(List<Example> labeled, List<Example> test, List<Example> pool, Set<String> inDomain) {

    public static final int VOCABULARY = 8192;
    public static final int MAX_TOKENS = 64;

    public PretrainingPool {
        labeled = List.copyOf(labeled);
        test = List.copyOf(test);
        pool = List.copyOf(pool);
        inDomain = Set.copyOf(inDomain);
    }

    /**
     * @param labeledCount e-mails of the training split given with their labels
     * @param poolSize size of the pretraining pool
     * @param outOfDomainShare share of fortunes in the pool
     */
    public static PretrainingPool build(SpamDataset corpus, List<FortuneCorpus.Text> fortunes, int labeledCount,
            int poolSize, double outOfDomainShare, long seed) {
        List<Email> emails = new ArrayList<>(corpus.trainEmails());
        Collections.shuffle(emails, new Random(seed));
        int outOfDomain = (int) Math.round(poolSize * outOfDomainShare);
        int inDomainCount = poolSize - outOfDomain;
        if (labeledCount + inDomainCount > emails.size() || outOfDomain > fortunes.size()) {
            throw new IllegalArgumentException("not enough text: " + labeledCount + " labeled + " + inDomainCount
                    + " in-domain of " + emails.size() + " training e-mails, " + outOfDomain + " of " + fortunes.size()
                    + " fortunes");
        }
        List<Example> labeled = new ArrayList<>();
        for (Email email : emails.subList(0, labeledCount)) {
            labeled.add(Example.tokens(email.id(), tokens(email.content()), email.label()));
        }
        List<Example> pool = new ArrayList<>();
        Set<String> inDomain = new HashSet<>();
        for (Email email : emails.subList(labeledCount, labeledCount + inDomainCount)) {
            String id = "mail:" + email.id();
            pool.add(new Example(id, null, tokens(email.content()), Example.NO_LABEL, null));
            inDomain.add(id);
        }
        List<FortuneCorpus.Text> shuffled = new ArrayList<>(fortunes);
        Collections.shuffle(shuffled, new Random(seed + 1));
        for (FortuneCorpus.Text fortune : shuffled.subList(0, outOfDomain)) {
            pool.add(new Example("fortune:" + fortune.id(), null, tokens(fortune.text()), Example.NO_LABEL, null));
        }
        List<Example> test = corpus.testEmails().stream()
                .map(email -> Example.tokens(email.id(), tokens(email.content()), email.label())).toList();
        return new PretrainingPool(labeled, test, pool, inDomain);
    }

    private static int[] tokens(String text) {
        int[] ids = HashingTokenizer.tokenize(text, VOCABULARY, MAX_TOKENS);
        return ids.length == 0 ? new int[] {1} : ids;
    }

    public boolean isInDomain(String id) {
        return inDomain.contains(id);
    }
}

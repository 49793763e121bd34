package io.winnow.benchmarks.spam;

import static io.winnow.benchmarks.spam.Email.HAM;
import static io.winnow.benchmarks.spam.Email.SPAM;
import static io.winnow.sama.Example.ABSTAIN;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Ten labeling functions for the SpamAssassin corpus: keywords, header patterns, links, capitals,
 * punctuation. None reads the corpus folder or SpamAssassin's own X-Spam headers, and each may
 * abstain; their majority vote is the weak label.
 */
public final class SpamLabelingFunctions {

    private static final Pattern MONEY = Pattern.compile("\\b(free|money|cash|earn|income|credit|loan|mortgage|\\$\\d)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern OFFER = Pattern.compile(
            "(click here|order now|act now|limited time|guarantee|no obligation|risk[- ]free|special offer|100%)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LINK = Pattern.compile("https?://", Pattern.CASE_INSENSITIVE);
    private static final Pattern UNSUBSCRIBE = Pattern.compile("(unsubscribe|remove me|opt[- ]out|to be removed)",
            Pattern.CASE_INSENSITIVE);

    private SpamLabelingFunctions() {}

    public static final List<LabelingFunction> ALL = List.of(
            new LabelingFunction("money_words", "money, free, cash, credit… in the text → spam",
                    e -> count(MONEY, e.content()) >= 3 ? SPAM : ABSTAIN),
            new LabelingFunction("offer_phrases", "click here, order now, guarantee… → spam",
                    e -> OFFER.matcher(e.content()).find() ? SPAM : ABSTAIN),
            new LabelingFunction("many_links", "five or more links → spam",
                    e -> count(LINK, e.body()) >= 5 ? SPAM : ABSTAIN),
            new LabelingFunction("shouting", "over 30% capital letters in a longer text → spam",
                    e -> e.body().length() > 200 && capitals(e.body()) > 0.3 ? SPAM : ABSTAIN),
            new LabelingFunction("exclamations", "three or more '!' in the subject or '!!!' in the body → spam",
                    e -> e.subject().chars().filter(c -> c == '!').count() >= 3 || e.body().contains("!!!") ? SPAM : ABSTAIN),
            new LabelingFunction("html_only", "an HTML body → spam",
                    e -> e.header("content-type").toLowerCase(Locale.ROOT).contains("text/html") ? SPAM : ABSTAIN),
            new LabelingFunction("unsubscribe_offer", "an unsubscribe or removal line without a mailing-list header → spam",
                    e -> UNSUBSCRIBE.matcher(e.body()).find() && e.header("list-id").isEmpty() ? SPAM : ABSTAIN),
            new LabelingFunction("reply_thread", "a reply (In-Reply-To or References header, or Re: subject) → ham",
                    e -> !e.header("in-reply-to").isEmpty() || !e.header("references").isEmpty()
                            || e.subject().toLowerCase(Locale.ROOT).startsWith("re:") ? HAM : ABSTAIN),
            new LabelingFunction("mailing_list", "a List-Id header → ham",
                    e -> !e.header("list-id").isEmpty() ? HAM : ABSTAIN),
            new LabelingFunction("plain_personal", "a short plain-text message with at most one link → ham",
                    e -> e.body().length() < 1500 && count(LINK, e.body()) <= 1
                            && !e.header("content-type").toLowerCase(Locale.ROOT).contains("html") ? HAM : ABSTAIN));

    private static int count(Pattern pattern, String text) {
        var matcher = pattern.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private static double capitals(String text) {
        long letters = text.chars().filter(Character::isLetter).count();
        long upper = text.chars().filter(Character::isUpperCase).count();
        return letters == 0 ? 0 : (double) upper / letters;
    }
}

package io.winnow.benchmarks.spam;

import java.util.Locale;
import java.util.Map;

/**
 * One e-mail of the corpus: its id, the corpus folder it came from, its true label, its headers
 * (names lower-cased, folded lines joined) and its body.
 */
public record Email(String id, String group, boolean spam, Map<String, String> headers, String body) {

    public static final int HAM = 0;
    public static final int SPAM = 1;

    public int label() {
        return spam ? SPAM : HAM;
    }

    public String header(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }

    public String subject() {
        return header("subject");
    }

    /** What models see: the subject and the body (other headers would give the corpus away). */
    public String content() {
        return subject() + "\n" + body;
    }

    /** Parses a raw RFC 822 message: headers up to the first empty line, then the body. */
    public static Email parse(String id, String group, boolean spam, String raw) {
        String text = raw.replace("\r\n", "\n");
        int split = text.indexOf("\n\n");
        String head = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(split + 2);
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        String current = null;
        for (String line : head.split("\n")) {
            if ((line.startsWith(" ") || line.startsWith("\t")) && current != null) {
                headers.put(current, headers.get(current) + " " + line.trim());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                current = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                headers.merge(current, value, (old, fresh) -> old); // keep the first occurrence
            }
        }
        return new Email(id, group, spam, java.util.Collections.unmodifiableMap(headers), body);
    }
}

package io.winnow.benchmarks.topics;

import io.winnow.benchmarks.spam.DataCache;
import io.winnow.benchmarks.spam.FortuneCorpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-class corpus with true labels for the weak-supervision benchmark: six topical files of the
 * Debian package {@code fortunes}, the file being the class. Parsed like {@link FortuneCorpus} (entries
 * split at lines holding a single {@code %}, ids "file/index"), with the terminal overstriking
 * (character, backspace) removed so that words match, and very long entries dropped.
 */
public final class FortuneTopics {

    /** Class names, indexed by label; each is also the name of the fortune file it comes from. */
    public static final List<String> CLASS_NAMES = List.of("computers", "politics", "science", "law", "food", "sports");
    public static final int CLASSES = CLASS_NAMES.size();
    /** Longer entries (lists, stories) are dropped: they are few and would dominate a bag of words. */
    public static final int MAX_LENGTH = 1200;

    private FortuneTopics() {}

    /** The six topics from the installed fortunes, or the copy in the data cache. */
    public static List<TopicText> load() {
        return load(DataCache.fortunes());
    }

    /** The six topics under {@code directory}, in a stable order: by class, then position in the file. */
    public static List<TopicText> load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("no fortunes at " + directory + " " + DataCache.FORTUNES_HINT);
        }
        List<TopicText> texts = new ArrayList<>();
        for (int label = 0; label < CLASSES; label++) {
            String name = CLASS_NAMES.get(label);
            Path file = directory.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no fortune file " + file + " " + DataCache.FORTUNES_HINT);
            }
            String[] parts = read(file).split("(?m)^%\\s*$");
            for (int i = 0; i < parts.length; i++) {
                String text = withoutOverstriking(parts[i]).strip();
                if (!text.isEmpty() && text.length() <= MAX_LENGTH) {
                    texts.add(new TopicText(name + "/" + i, text, label));
                }
            }
        }
        return texts;
    }

    /** Applies the backspaces of terminal underlining ("____^H^H^H^Hyell", "_^Hw"): each erases the character before it. */
    static String withoutOverstriking(String text) {
        if (text.indexOf('\b') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\b') {
                out.append(c);
            } else if (out.length() > 0) {
                out.setLength(out.length() - 1);
            }
        }
        return out.toString();
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** One fortune with its topic ({@code label} indexes {@link #CLASS_NAMES}). */
    public record TopicText(String id, String text, int label) {}
}

package io.winnow.benchmarks.spam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Out-of-domain text for continued pretraining: the fortune cookie collection of the Debian package
 * {@code fortunes} (installed under /usr/share/games/fortunes). Each file holds quotations separated
 * by lines with a single {@code %}; the {@code .dat} indexes and {@code .u8} links are skipped, and so
 * is the {@code off/} folder.
 */
public final class FortuneCorpus {

    public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/games/fortunes");

    private FortuneCorpus() {}

    /** Every fortune under {@code directory}, in a stable order (by file, then position), as "file/index" → text. */
    public static List<Text> load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("no fortunes at " + directory + " " + DataCache.FORTUNES_HINT);
        }
        List<Text> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(FortuneCorpus::isCollection).sorted().toList()) {
                String name = file.getFileName().toString();
                String[] parts = Files.readString(file, StandardCharsets.ISO_8859_1).split("(?m)^%\\s*$");
                for (int i = 0; i < parts.length; i++) {
                    String text = parts[i].strip();
                    if (!text.isEmpty()) {
                        texts.add(new Text(name + "/" + i, text));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fortunes under " + directory, e);
        }
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no fortunes found under " + directory);
        }
        return texts;
    }

    private static boolean isCollection(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && !Files.isSymbolicLink(file) && !name.endsWith(".dat") && !name.endsWith(".u8")
                && !name.contains(".");
    }

    /** One fortune. */
    public record Text(String id, String text) {}
}

package io.winnow.benchmarks.spam;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the public corpora live on this machine: the folder the fetch scripts in {@code benchmarks/}
 * fill ({@code $WINNOW_DATA_CACHE}, else {@code ~/.cache/winnow}). The scripts and the build export
 * WINNOW_DATA_CACHE to every Java process they start, so both sides agree even where $HOME and the
 * JVM's user.home differ (containers, sudo -E).
 */
public final class DataCache {

    /** What a missing fortunes collection's error message tells the user to do. */
    public static final String FORTUNES_HINT = "(benchmarks/fetch-fortunes.sh fetches them, or apt-get install fortunes)";

    /**
     * A file only the full {@code fortunes} package has ({@code fortunes-min}, which {@code fortune-mod}
     * pulls in, installs the same folder without it): benchmarks/fetch-fortunes.sh checks the same file.
     */
    private static final String FULL_COLLECTION_MARKER = "computers";

    /** The npm package version of the SpamAssassin corpus. */
    public static final String SPAM_ASSASSIN_VERSION = "0.2.3";

    private DataCache() {}

    public static Path root() {
        String configured = System.getenv("WINNOW_DATA_CACHE");
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "winnow");
    }

    /** The SpamAssassin e-mails fetched by benchmarks/fetch-spamassassin.sh. */
    public static Path spamAssassin() {
        return root().resolve("spam-assassin-" + SPAM_ASSASSIN_VERSION).resolve("package").resolve("data");
    }

    /**
     * The fortunes collection: the installed Debian package if it is complete, else the copy
     * benchmarks/fetch-fortunes.sh unpacked into the cache (apt-get download, no root needed).
     */
    public static Path fortunes() {
        if (Files.isRegularFile(FortuneCorpus.DEBIAN_DIRECTORY.resolve(FULL_COLLECTION_MARKER))) {
            return FortuneCorpus.DEBIAN_DIRECTORY;
        }
        return root().resolve("fortunes-debian").resolve("usr").resolve("share").resolve("games").resolve("fortunes");
    }
}

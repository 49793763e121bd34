package io.winnow.embedded;

import org.apache.commons.io.FileUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a job run on one machine (the demo, a benchmark) keeps its checkpoints. */
public final class LocalCheckpoints {

    private LocalCheckpoints() {}

    /**
     * A fresh temporary folder, as the file URI the job's {@code job.checkpoint-dir} takes; it is
     * deleted with everything in it when the JVM exits ({@code deleteOnExit} would leave it behind:
     * it only removes empty folders).
     */
    public static String temporaryDirectory() {
        try {
            Path directory = Files.createTempDirectory("winnow-checkpoints");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory), "winnow-checkpoints-cleanup"));
            return directory.toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a checkpoint directory", e);
        }
    }

    /** Deletes the folder and its contents; quietly, since a leftover temporary folder must not fail a shutdown. */
    static void delete(Path directory) {
        FileUtils.deleteQuietly(directory.toFile());
    }
}

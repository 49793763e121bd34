package io.winnow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a job run on one machine (the demo, a benchmark) keeps its checkpoints. */
public final class LocalCheckpoints {

    private LocalCheckpoints() {}

    /** A fresh temporary folder, as the file URI the job's {@code job.checkpoint-dir} takes. */
    public static String temporaryDirectory() {
        try {
            Path directory = Files.createTempDirectory("winnow-checkpoints");
            directory.toFile().deleteOnExit();
            return directory.toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a checkpoint directory", e);
        }
    }
}

package io.winnow.embedded;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LocalCheckpointsTest {

    @Test
    void aCheckpointFolderIsAFileUriAndIsDeletedWithWhatAJobWroteIntoIt() throws Exception {
        Path directory = Path.of(URI.create(LocalCheckpoints.temporaryDirectory()));
        assertThat(directory).isDirectory().isEmptyDirectory();
        // What a job leaves: a job folder with checkpoint subfolders and files.
        Path checkpoint = Files.createDirectories(directory.resolve("job-1").resolve("chk-3"));
        Files.writeString(checkpoint.resolve("_metadata"), "state");

        LocalCheckpoints.delete(directory);

        assertThat(directory).doesNotExist();
        LocalCheckpoints.delete(directory); // again, at exit: nothing left to do, no error
    }
}

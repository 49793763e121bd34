package io.winnow.jobs;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CurationJobMainTest {

    @Test
    void helpPrintsTheUsageAndStartsNoJob() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // Without --help these arguments would fail: no tasks configured.
            CurationJobMain.main(new String[] {"--config", "does-not-exist.properties", "--help"});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("usage: flink run -c io.winnow.jobs.CurationJobMain")
                .contains("--config FILE", "--bootstrap-servers", "task.<name>.*", "Exit status 1", "2: a configuration error");
    }

    @Test
    void aConfigurationErrorIsStatusTwoWithTheKeyOnTheErrorStream() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CurationJobMain.run(new String[] {"--tasks", "spam"}, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("winnow: configuration error: ").contains("task.spam.");
    }
}

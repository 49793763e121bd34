package io.winnow.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The documented example configuration must stay valid and equal to the built-in defaults. */
class ExampleConfigurationTest {

    @Test
    void exampleFileParsesAndMatchesTheDefaults() {
        Path example = Path.of("conf/curation.example.properties");
        JobConfig fromFile = JobConfig.fromArgs(new String[] {"--config", example.toString()});
        JobConfig fromDefaults = JobConfig.fromArgs(new String[] {
            "--tasks", "spam", "--task.spam.classes", "2", "--task.spam.input.dimension", "1024"});
        assertThat(fromFile).isEqualTo(fromDefaults);
    }
}

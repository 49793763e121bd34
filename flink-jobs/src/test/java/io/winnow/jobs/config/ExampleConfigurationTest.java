package io.winnow.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/** The documented example configuration must stay valid, equal to the built-in defaults, and complete. */
class ExampleConfigurationTest {

    private static final Path EXAMPLE = Path.of("conf/curation.example.properties");

    @Test
    void exampleFileParsesAndMatchesTheDefaults() {
        JobConfig fromFile = JobConfig.fromArgs(new String[] {"--config", EXAMPLE.toString()});
        JobConfig fromDefaults = JobConfig.fromArgs(new String[] {
            "--tasks", "spam", "--task.spam.classes", "2", "--task.spam.input.dimension", "1024"});
        assertThat(fromFile).isEqualTo(fromDefaults);
    }

    @Test
    void exampleFileListsEveryJobOption() throws IOException {
        String example = Files.readString(EXAMPLE);
        List<ConfigOption<?>> options = jobOptions();
        assertThat(options).hasSizeGreaterThan(30);
        for (ConfigOption<?> option : options) {
            assertThat(option.description().getBlocks()).as(option.key() + " has a description").isNotEmpty();
            Pattern line = Pattern.compile("(?m)^#? ?" + Pattern.quote(option.key()) + " = ");
            assertThat(line.matcher(example).find())
                    .as(option.key() + " is listed (set, or commented out) in " + EXAMPLE).isTrue();
        }
    }

    @Test
    void exampleFileListsEveryTaskOption() throws IOException {
        String example = Files.readString(EXAMPLE);
        List<ConfigOption<?>> options = taskOptions();
        assertThat(options).hasSizeGreaterThan(70);
        List<String> missing = new ArrayList<>();
        for (ConfigOption<?> option : options) {
            assertThat(option.description().getBlocks()).as(option.key() + " has a description").isNotEmpty();
            Pattern line = Pattern.compile("(?m)^#? ?task\\.spam\\." + Pattern.quote(option.key()) + " = ");
            if (!line.matcher(example).find()) {
                missing.add(option.key());
            }
        }
        assertThat(missing).as("task options not listed as task.spam.<key> = … in " + EXAMPLE).isEmpty();
    }

    private static List<ConfigOption<?>> jobOptions() {
        return staticOptions(JobOptions.class);
    }

    private static List<ConfigOption<?>> taskOptions() {
        List<ConfigOption<?>> options = staticOptions(TaskOptions.class);
        for (TaskOptions.OptimizerOptions optimizer : List.of(TaskOptions.BASE_OPTIMIZER, TaskOptions.META_OPTIMIZER)) {
            for (var component : TaskOptions.OptimizerOptions.class.getRecordComponents()) {
                try {
                    options.add((ConfigOption<?>) component.getAccessor().invoke(optimizer));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return options;
    }

    private static List<ConfigOption<?>> staticOptions(Class<?> holder) {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field field : holder.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
                try {
                    options.add((ConfigOption<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return options;
    }
}

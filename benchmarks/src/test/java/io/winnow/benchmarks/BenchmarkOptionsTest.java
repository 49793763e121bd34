package io.winnow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.jobs.config.ConfigException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

    @Test
    void defaultsDependOnTheDataSet() {
        BenchmarkOptions spam = BenchmarkOptions.parse(new String[0]);
        assertThat(spam.epochs()).isEqualTo(5);
        assertThat(spam.out()).isEqualTo(Path.of("target/benchmarks/spamassassin-mlp"));
        assertThat(spam.noises()).hasSize(4);
        BenchmarkOptions topics = BenchmarkOptions.parse(new String[] {"--dataset", "topics", "--experiments", "table"});
        assertThat(topics.epochs()).isEqualTo(20);
        assertThat(topics.noises()).hasSize(3);
        assertThat(topics.out()).isEqualTo(Path.of("target/benchmarks/topics-mlp"));
    }

    @Test
    void diagnosticMethodsRunOnlyWhenAskedFor() {
        assertThat(BenchmarkOptions.parse(new String[0]).methods())
                .contains(CurationMethod.SAMA_RC, CurationMethod.ORACLE_REWEIGHTING)
                .doesNotContain(CurationMethod.ORACLE_AFTER_FIRST_EPOCH);
        assertThat(BenchmarkOptions.parse(new String[] {"--methods", "oracle-after-first-epoch"}).methods())
                .containsExactly(CurationMethod.ORACLE_AFTER_FIRST_EPOCH);
    }

    @Test
    void taskSettingsPassThroughAndEverythingElseMustBeKnown() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {
            "--experiments", "table", "--seeds=2", "--task.meta-lr", "0.003", "--noise", "weak,sym:0.4", "--task.unroll=5"});
        assertThat(options.seeds()).isEqualTo(2);
        assertThat(options.tuning()).containsEntry("meta-lr", "0.003").containsEntry("unroll", "5");
        assertThat(options.noises()).extracting(LabelNoise::toString).hasSize(2);
        // The script passes --data before the user's arguments: the user's wins; list items are trimmed.
        BenchmarkOptions again = BenchmarkOptions.parse(new String[] {
            "--data", "/from/script", "--data", "/from/user", "--noise", "weak, sym:0.4", "--experiments", "table"});
        assertThat(again.data()).isEqualTo(Path.of("/from/user"));
        assertThat(again.noises()).hasSize(2);
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--sedes", "2"}))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sedes");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--seeds", "three"}))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--seeds");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--seeds", "0"}))
                .isInstanceOf(ConfigException.class).hasMessageContaining("seeds must be in [1, 100]");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--dataset", "topics", "--experiments", "pretraining"}))
                .isInstanceOf(ConfigException.class).hasMessageContaining("pretraining experiment");
    }

    @Test
    void helpListsEveryOption() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        BenchmarkOptions.usage(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String usage = buffer.toString(StandardCharsets.UTF_8);
        for (String option : List.of("--dataset", "--experiments", "--methods", "--noise", "--seeds", "--evaluate",
                "--prune-fractions", "--pretrain-pool", "--out", "--task.<key>")) {
            assertThat(usage).contains(option);
        }
        assertThat(BenchmarkOptions.helpRequested(new String[] {"--seeds", "1", "--help"})).isTrue();
    }
}

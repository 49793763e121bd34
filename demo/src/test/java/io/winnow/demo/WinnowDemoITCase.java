package io.winnow.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.benchmarks.BenchmarkOptions;
import io.winnow.jobs.config.ConfigException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The README's demo command on its default data: the SpamAssassin e-mails with 30% of the labels flipped. */
class WinnowDemoITCase {

    @Test
    void demoCuratesEveryStreamedEmailOnceWeighsFlippedOnesDownAndCorrectsThem() throws Exception {
        assertThat(BenchmarkOptions.DEFAULT_DATA.resolve("file_list.json"))
                .as("the SpamAssassin corpus (run benchmarks/fetch-spamassassin.sh)").exists();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        WinnowDemo.run(new String[] {"--passes", "2"}, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String out = buffer.toString(StandardCharsets.UTF_8);

        Matcher stream = Pattern.compile("(\\d+) SpamAssassin e-mails x 2 passes").matcher(out);
        assertThat(stream.find()).as(out).isTrue();
        long expected = 2L * Long.parseLong(stream.group(1));
        assertThat(out).contains("samples curated              " + expected + " (exactly once");
        double clean = number(out, "mean weight, clean samples   ([0-9.]+)");
        double noisy = number(out, "mean weight, noisy samples   ([0-9.]+)");
        assertThat(clean).as(out).isGreaterThan(noisy);
        assertThat(number(out, "weight ROC AUC, last quarter ([0-9.]+)")).as(out).isGreaterThan(0.7);
        // The demo promises corrected labels (measured: 3,889-3,937 of 14,148 results over 3 passes, 89-90% to
        // the true class, idle or under load); here 2 passes.
        Matcher corrections = Pattern.compile("labels corrected\\s+(\\d+), of which to the true class (\\d+)").matcher(out);
        assertThat(corrections.find()).as(out).isTrue();
        long changed = Long.parseLong(corrections.group(1));
        long fixed = Long.parseLong(corrections.group(2));
        assertThat(changed).as(out).isGreaterThan(expected / 10);
        assertThat((double) fixed / changed).as(out).isGreaterThan(0.85);
        assertThat(out).contains("dead letters 0");
        assertThat(out).contains("Where next", "topic winnow.curated", "./demo.sh --help");
    }

    @Test
    void helpListsTheDemosOptionsAndAMistypedOneIsAnErrorNotAJobKey() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        WinnowDemo.run(new String[] {"--help"}, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("--labels", "--passes", "--data", "--key value");
        assertThatThrownBy(() -> WinnowDemo.run(new String[] {"--pases", "2"}, new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("pases");
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return Double.parseDouble(m.group(1));
    }
}

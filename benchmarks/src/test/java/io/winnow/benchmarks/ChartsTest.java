package io.winnow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.jfree.chart.axis.NumberAxis;
import org.jfree.data.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @Test
    void valueAxesGetAFixedTickUnitFromTheDataNotFromFontMetrics() {
        NumberAxis axis = new NumberAxis("cosine");
        Charts.fixTicks(axis, new Range(0.2, 1.0));
        assertThat(axis.isAutoTickUnitSelection()).isFalse();
        assertThat(axis.getTickUnit().getSize()).isEqualTo(0.1);

        NumberAxis accuracy = new NumberAxis("accuracy");
        Charts.fixTicks(accuracy, new Range(70, 98));
        assertThat(accuracy.getTickUnit().getSize()).isEqualTo(5.0);

        NumberAxis flat = new NumberAxis("flat");
        Charts.fixTicks(flat, new Range(1, 1));
        assertThat(flat.isAutoTickUnitSelection()).as("nothing to choose from a flat series").isTrue();
    }

    @Test
    void aLineChartIsWrittenAsAPng(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cosine.png");
        Charts.lines(file, "cosine to the exact meta gradient", "meta update", "cosine",
                Map.of("SAMA", new double[][] {{0, 0.91}, {1, 0.95}, {2, 0.97}}), false);
        byte[] png = Files.readAllBytes(file);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }
}

package io.winnow.benchmarks.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine benchmark's harness end to end: a {@code --quick} run of the MLP with two methods,
 * each in its own child JVM, must print a table and write a JSON report whose runs carry positive
 * throughput and memory figures. No timing is asserted.
 */
class EngineBenchmarkTest {

    @TempDir
    Path directory;

    @Test
    void quickRunMeasuresEveryPairInAChildJvmAndWritesTheJsonReport() throws Exception {
        Path json = directory.resolve("bench.json");
        EngineBenchmarkOptions options = EngineBenchmarkOptions.parse(new String[] {
            "--quick", "--models", "mlp", "--methods", "finetune,sama", "--rounds", "1",
            "--json", json.toString(), "--child-timeout", "300"
        });
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        EngineBenchmarkReport report = EngineBenchmark.run(options,
                new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(report.failures()).as(log.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(report.runs()).hasSize(2);
        for (BenchmarkResult run : report.runs()) {
            assertThat(run.model()).isEqualTo("mlp");
            assertThat(run.samplesPerSecond()).isPositive();
            assertThat(run.seconds()).isPositive();
            assertThat(run.heapPeakBytes()).isPositive();
            assertThat(run.rssPeakBytes()).isPositive();
            assertThat(run.rssBaselineBytes()).isPositive();
            assertThat(run.nativePeakAboveBaselineBytes()).isGreaterThanOrEqualTo(0);
            assertThat(run.stepWorkingSetBytes()).isGreaterThanOrEqualTo(0);
            assertThat(run.skippedUpdates()).isZero();
        }
        assertThat(report.runs()).extracting(BenchmarkResult::method).containsExactlyInAnyOrder("FINETUNE", "SAMA");
        BenchmarkResult sama = report.runs().stream().filter(r -> r.method().equals("SAMA")).findFirst().orElseThrow();
        BenchmarkResult finetune = report.runs().stream().filter(r -> r.method().equals("FINETUNE")).findFirst().orElseThrow();
        assertThat(sama.metaSteps()).as("one meta step per unroll cycle").isEqualTo(sama.timedSteps() / sama.unroll());
        assertThat(finetune.metaSteps()).isZero();

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("samples/s median", "SAMA/finetune throughput", "≥ 0.85");
        String written = Files.readString(json);
        assertThat(written).contains("\"benchmark\": \"winnow-engine\"", "\"samplesPerSecondMedian\"",
                "\"nativePeakAboveBaselineMib\"", "\"verdict\"");
        // The file holds the same report that was printed.
        assertThat(text).contains(written.strip());
        // Each run of the report reads back from the JSON file's run lines.
        assertThat(written).contains("\"kind\": \"" + BenchmarkResult.KIND + "\"");
    }

    @Test
    void workerResultRoundTripsThroughItsJsonLine() {
        BenchmarkResult result = new BenchmarkResult("text", "NEUMANN", 2, 32, 10, 1, 30, 60, 6, 1.5, 1280.0,
                20.5, 300.25, 50L << 20, 200L << 20, 300L << 20, 350L << 20, true, 1_000_000, 301, 0);

        BenchmarkResult read = BenchmarkResult.fromJson(BenchmarkJson.read(result.toJsonLine()));

        assertThat(read).isEqualTo(result);
        assertThat(read.nativePeakAboveBaselineBytes()).isEqualTo(150L << 20);
        assertThat(read.stepWorkingSetBytes()).isEqualTo(50L << 20);
    }

    @Test
    void aMeasurementThatIsNotANumberIsWrittenAsNullAndReadBackAsNaN() {
        BenchmarkResult result = new BenchmarkResult("mlp", "SAMA", 1, 32, 10, 1, 30, 60, 6, 1.5, 1280.0,
                20.5, Double.NaN, -1, -1, -1, -1, false, 1_000, 30, 0);

        String line = result.toJsonLine();

        assertThat(line).doesNotContain("\n").contains("\"metaStepMillis\":null").doesNotContain("NaN");
        BenchmarkResult read = BenchmarkResult.fromJson(BenchmarkJson.read(line));
        assertThat(read.metaStepMillis()).isNaN();
        assertThat(read.nativePeakAboveBaselineBytes()).isEqualTo(-1);
    }

    @Test
    void optionsAreParsedAndScheduledRotatedOrShuffled() {
        EngineBenchmarkOptions options = EngineBenchmarkOptions.parse(new String[] {
            "--models", "text", "--methods", "finetune,sama,cg", "--rounds", "2", "--steps", "40", "--threads", "2", "--correct",
            "--order", "rotate"
        });

        assertThat(options.workload().textSteps()).isEqualTo(40);
        assertThat(options.workload().threads()).isEqualTo(2);
        assertThat(options.workload().correct()).isTrue();
        List<String> order = options.schedule().stream().map(c -> c.round() + ":" + c.method()).toList();
        assertThat(order).containsExactly("1:FINETUNE", "1:SAMA", "1:CONJUGATE_GRADIENT",
                "2:SAMA", "2:CONJUGATE_GRADIENT", "2:FINETUNE");
        // The default: every round holds each method once, in an order drawn from the seed (the same for the same seed).
        String[] shuffled = {"--models", "mlp,text", "--rounds", "6", "--order-seed", "5"};
        List<BenchmarkCase> schedule = EngineBenchmarkOptions.parse(shuffled).schedule();
        assertThat(schedule).hasSize(6 * 2 * 5).isEqualTo(EngineBenchmarkOptions.parse(shuffled).schedule());
        java.util.Set<Object> firstMethods = new java.util.HashSet<>();
        java.util.Set<Object> lastMethods = new java.util.HashSet<>();
        for (int block = 0; block < 12; block++) {
            List<BenchmarkCase> inBlock = schedule.subList(block * 5, block * 5 + 5);
            assertThat(inBlock.stream().map(BenchmarkCase::method).distinct()).hasSize(5);
            firstMethods.add(inBlock.get(0).method());
            lastMethods.add(inBlock.get(4).method());
        }
        assertThat(firstMethods).hasSizeGreaterThan(1);
        assertThat(lastMethods).hasSizeGreaterThan(1);
        assertThat(EngineBenchmarkOptions.parse(new String[] {"--rounds", "6", "--order-seed", "6"}).schedule())
                .isNotEqualTo(EngineBenchmarkOptions.parse(new String[] {"--rounds", "6", "--order-seed", "5"}).schedule());
        // A child reads back exactly the case the parent scheduled.
        BenchmarkCase first = options.schedule().get(0);
        assertThat(BenchmarkCase.parse(first.toArgs().toArray(String[]::new))).isEqualTo(first);

        assertThatThrownBy(() -> EngineBenchmarkOptions.parse(new String[] {"--rounds", "2", "--round", "3"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--round");
        assertThatThrownBy(() -> EngineBenchmarkOptions.parse(new String[] {"--steps", "15"}))
                .hasMessageContaining("multiples of unroll");
        assertThatThrownBy(() -> EngineBenchmarkOptions.parse(new String[] {"--classes", "1"}))
                .hasMessageContaining("--classes must be at least 2");
        assertThatThrownBy(() -> EngineBenchmarkOptions.parse(new String[] {"--dropout", "1.5"}))
                .hasMessageContaining("--dropout must be in [0, 1]");
        EngineBenchmarkOptions quick = EngineBenchmarkOptions.parse(new String[] {"--quick", "--text-dim", "48"});
        assertThat(quick.quick()).isTrue();
        assertThat(quick.rounds()).isEqualTo(1);
        assertThat(quick.workload().textDim()).as("an explicit option overrides the quick default").isEqualTo(48);
        assertThat(quick.workload().textLayers()).isEqualTo(1);
        assertThat(quick.workload().tiny()).isEqualTo(quick.workload().tiny());
        assertThat(EngineBenchmarkOptions.parse(new String[] {"--help"})).as("help asked for").isNull();
        assertThat(EngineBenchmarkOptions.usage()).contains("--models", "--quick", "--mlp-sizes", "--child-timeout");
    }
}

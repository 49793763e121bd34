package io.winnow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winnow.embedded.SampleProducer;
import io.winnow.embedded.TopicReader;
import io.winnow.schemas.avro.SampleKind;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.prometheus.LoopbackPrometheusReporterFactory;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Winnow's metrics as Prometheus scrapes them from a running job: Flink's Prometheus reporter (on
 * 127.0.0.1, see {@link LoopbackPrometheusReporterFactory}) over a curation job that has curated
 * every sample and dead-lettered a few records. The names and labels asserted here are the ones
 * the Grafana dashboard ({@code docker/grafana/dashboards/winnow.json}) queries.
 */
class PrometheusMetricsITCase {

    private static final int TRAINING = 120;
    private static final int UNDECODABLE = 3;
    private static final String PREFIX = "flink_taskmanager_job_task_operator_";

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(reporter())
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static Configuration reporter() {
        Configuration configuration = new Configuration();
        configuration.setString("metrics.reporter.prom.factory.class", LoopbackPrometheusReporterFactory.class.getName());
        return configuration;
    }

    @Test
    void aRunningJobExposesWinnowsCurationMetricsPerTaskAndDeadLettersPerReason() throws Exception {
        SmallCurationJob job = SmallCurationJob.start(KAFKA.kafka(), "prom");
        try (SampleProducer producer = new SampleProducer(KAFKA.kafka().bootstrapServers());
                TopicReader reader = new TopicReader(KAFKA.kafka().bootstrapServers(), job.config.topics().curated())) {
            producer.send(job.config.topics().trusted(), SmallCurationJob.TASK, SampleKind.TRUSTED,
                    SmallCurationJob.examples("t-", 20, 1));
            producer.flush();
            // The trusted samples first, so that every meta step has a meta batch (and a finite meta loss).
            await("trustedSamplesReceived = 20 in a scrape").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> value(scrape(), "winnow_task_trustedSamplesReceived", "task=\"alpha\"") == 20);
            producer.send(job.config.topics().samples(), SmallCurationJob.TASK, SampleKind.TRAINING,
                    SmallCurationJob.examples("s-", TRAINING, 2));
            for (int i = 0; i < UNDECODABLE; i++) {
                producer.sendRaw(job.config.topics().samples(), ("bad-" + i).getBytes(StandardCharsets.UTF_8),
                        new byte[] {1, 2, 3, 4});
            }
            producer.flush();
            assertThat(reader.awaitAtLeast(TRAINING, Duration.ofSeconds(120))).hasSize(TRAINING);

            // Gauges and counters are read when scraped; the curated counter reaches N once every result is out.
            String[] scrape = new String[1];
            await("samplesCurated = " + TRAINING + " in a scrape").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> {
                        scrape[0] = scrape();
                        return value(scrape[0], "winnow_task_samplesCurated", "task=\"alpha\"") == TRAINING;
                    });
            String text = scrape[0];
            assertThat(value(text, "winnow_task_trustedSamplesReceived", "task=\"alpha\"")).isEqualTo(20);
            assertThat(value(text, "winnow_task_baseSteps", "task=\"alpha\"")).isGreaterThanOrEqualTo(TRAINING / 8.0);
            assertThat(value(text, "winnow_task_metaSteps", "task=\"alpha\"")).isPositive();
            assertThat(value(text, "winnow_task_skippedUpdates", "task=\"alpha\"")).isZero();
            assertThat(value(text, "winnow_task_modelVersion", "task=\"alpha\"")).isGreaterThanOrEqualTo(TRAINING / 8.0);
            assertThat(value(text, "winnow_task_lastWeightMean", "task=\"alpha\"")).isBetween(0.0, 2.0);
            assertThat(value(text, "winnow_task_lastMetaLoss", "task=\"alpha\"")).isFinite().isPositive();
            assertThat(value(text, "winnow_task_lastBaseLoss", "task=\"alpha\"")).isFinite().isPositive();
            assertThat(value(text, "winnow_task_samplesDownWeighted", "task=\"alpha\"")).isBetween(0.0, (double) TRAINING);
            assertThat(value(text, "winnow_task_labelsChanged", "task=\"alpha\"")).isBetween(0.0, (double) TRAINING);
            assertThat(value(text, "winnow_task_lastDownWeightedShare", "task=\"alpha\"")).isBetween(0.0, 1.0);
            assertThat(value(text, "winnow_task_samplesCuratedPerSecond", "task=\"alpha\"")).isNotNegative();
            assertThat(value(text, "winnow_reason_deadLetters", "reason=\"UNDECODABLE\"")).isEqualTo(UNDECODABLE);
            assertThat(dashboardMetrics()).isNotEmpty().allSatisfy(metric ->
                    assertThat(text).as("the dashboard's metric %s in the scrape", metric).containsPattern("(?m)^" + metric + "\\{"));
        } finally {
            job.cancel();
        }
    }

    /** The sum over the series of {@code PREFIX + name} whose labels contain {@code label}; fails if there is none. */
    private static double value(String exposition, String name, String label) {
        Pattern series = Pattern.compile("^" + Pattern.quote(PREFIX + name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = series.matcher(exposition);
        double sum = 0;
        int found = 0;
        while (matcher.find()) {
            if (matcher.group(1).contains(label)) {
                sum += Double.parseDouble(matcher.group(2));
                found++;
            }
        }
        assertThat(found).as("series %s{%s} in the scrape", PREFIX + name, label).isPositive();
        return sum;
    }

    /** Every Flink metric the Grafana dashboard's queries name. */
    private static Set<String> dashboardMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("..", "docker", "grafana", "dashboards", "winnow.json").toFile());
        Set<String> metrics = new TreeSet<>();
        Pattern metric = Pattern.compile("flink_[a-zA-Z0-9_]+");
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                metric.matcher(target.get("expr").asText()).results().forEach(m -> metrics.add(m.group()));
            }
        }
        return metrics;
    }

    private static String scrape() throws Exception {
        List<Integer> ports = LoopbackPrometheusReporterFactory.ports();
        assertThat(ports).as("a Prometheus reporter started").isNotEmpty();
        StringBuilder all = new StringBuilder();
        HttpClient client = HttpClient.newHttpClient();
        for (int port : ports) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            all.append(response.body());
        }
        return all.toString();
    }
}

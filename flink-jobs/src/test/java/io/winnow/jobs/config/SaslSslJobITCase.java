package io.winnow.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.embedded.EmbeddedKafka;
import io.winnow.embedded.SampleProducer;
import io.winnow.embedded.SelfSignedTls;
import io.winnow.embedded.TopicReader;
import io.winnow.jobs.CurationJob;
import io.winnow.jobs.SmallCurationJob;
import io.winnow.schemas.avro.SampleKind;

import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.filter.AbstractFilterable;
import org.apache.logging.log4j.core.filter.ThresholdFilter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against an authenticated, encrypted broker: a SASL_SSL listener (TLS with a keystore
 * keytool made for 127.0.0.1, SCRAM-SHA-512 users), credentials and the truststore password taken
 * from the environment through {@code ${env:...}} in the job's file (the environment is injected
 * into {@link Settings#load(Path, Map)}, the code path {@code --config} uses). The job reads and
 * writes over SASL_SSL, one committed result per sample; no secret appears in the logs of the
 * whole run (every logger at INFO, Kafka's config dumps included), in the job's configuration
 * dump, or in the Flink UI's REST answers about the job and the cluster. The embedded module's
 * SaslSslListenerITCase shows that clients without the password are refused.
 *
 * <p>In this package because {@code Settings.load(Path, Map)} is package-private: a test cannot
 * set a JVM's environment.
 */
class SaslSslJobITCase {

    private static final String USER_PASSWORD = "scram-Pa55-7c1e";
    private static final String STORE_PASSWORD = "store-Pa55-91ad";
    private static final int TRAINING = 100;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void theJobCuratesOverSaslSslWithCredentialsFromTheEnvironmentAndShowsNoSecret(@TempDir Path folder) throws Exception {
        SelfSignedTls tls = SelfSignedTls.generate(folder, STORE_PASSWORD);
        ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(2).saslSslListener(tls).start();
                LogCapture ignored = LogCapture.everything(log)) {
            kafka.createScramUser("winnow-job", USER_PASSWORD);
            Path file = folder.resolve("curation.properties");
            Files.writeString(file, String.join("\n",
                    "kafka.bootstrap-servers = " + kafka.secureBootstrapServers(),
                    "kafka.group-id = secured",
                    "kafka.transaction-timeout = 60 s",
                    "kafka.properties.security.protocol = SASL_SSL",
                    "kafka.properties.sasl.mechanism = SCRAM-SHA-512",
                    "kafka.properties.sasl.jaas.config = org.apache.kafka.common.security.scram.ScramLoginModule required"
                            + " username=\"${env:KAFKA_USERNAME}\" password=\"${env:KAFKA_PASSWORD}\";",
                    "kafka.properties.ssl.truststore.type = PKCS12",
                    "kafka.properties.ssl.truststore.location = " + tls.truststore(),
                    "kafka.properties.ssl.truststore.password = ${env:KAFKA_TRUSTSTORE_PASSWORD}",
                    "job.name = secured",
                    "job.checkpoint-interval = 500 ms",
                    "batch.size = 8",
                    "batch.max-wait = 300 ms",
                    "topics.samples = secured.samples",
                    "topics.trusted = secured.trusted",
                    "topics.curated = secured.curated",
                    "topics.metrics = secured.metrics",
                    "topics.dlq = secured.dlq",
                    "tasks = alpha",
                    "task.alpha.classes = 3",
                    "task.alpha.input.dimension = 4",
                    "task.alpha.mlp.hidden = 8",
                    ""));
            assertThat(Files.readString(file)).doesNotContain(USER_PASSWORD).doesNotContain(STORE_PASSWORD);
            JobConfig config = JobConfig.from(Settings.load(file, Map.of(
                    "KAFKA_USERNAME", "winnow-job",
                    "KAFKA_PASSWORD", USER_PASSWORD,
                    "KAFKA_TRUSTSTORE_PASSWORD", STORE_PASSWORD)));
            assertThat(config.toString()).contains("sasl.jaas.config").doesNotContain(USER_PASSWORD)
                    .doesNotContain(STORE_PASSWORD);
            kafka.createTopics(2, "secured.samples", "secured.trusted", "secured.curated", "secured.metrics", "secured.dlq");

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(CurationJob.flinkConfiguration(config));
            CurationJob.addTo(env, config);
            JobClient job = env.executeAsync(config.jobName());
            try (SampleProducer producer = new SampleProducer(kafka.bootstrapServers());
                    TopicReader reader = new TopicReader(kafka.bootstrapServers(), "secured.curated")) {
                producer.send("secured.trusted", "alpha", SampleKind.TRUSTED, SmallCurationJob.examples("t-", 20, 1));
                producer.send("secured.samples", "alpha", SampleKind.TRAINING, SmallCurationJob.examples("s-", TRAINING, 2));
                producer.flush();
                reader.awaitAtLeast(TRAINING, Duration.ofSeconds(120));
                assertThat(reader.drain(Duration.ofSeconds(2))).hasSize(TRAINING);

                String rest = restAnswers(job.getJobID().toString());
                assertThat(rest).contains(job.getJobID().toString());
                assertThat(rest).doesNotContain(USER_PASSWORD).doesNotContain(STORE_PASSWORD);
            } finally {
                job.cancel().get();
            }
        }
        assertThat(log).as("log events of the run").hasSizeGreaterThan(10)
                .anySatisfy(line -> assertThat(line).contains("sasl.jaas.config")) // Kafka's client config dump ran
                .allSatisfy(line -> assertThat(line).doesNotContain(USER_PASSWORD).doesNotContain(STORE_PASSWORD));
    }

    /** What the Flink UI shows of the cluster and the job: configuration, plan, details, exceptions. */
    private static String restAnswers(String jobId) throws Exception {
        String base = "http://127.0.0.1:" + FLINK.getClientConfiguration().get(RestOptions.PORT);
        HttpClient client = HttpClient.newHttpClient();
        StringBuilder all = new StringBuilder();
        for (String path : List.of("/config", "/jobmanager/config", "/jobs/" + jobId, "/jobs/" + jobId + "/config",
                "/jobs/" + jobId + "/plan", "/jobs/" + jobId + "/exceptions", "/taskmanagers")) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            all.append(response.body()).append('\n');
        }
        return all.toString();
    }

    /**
     * Every log event of every logger at INFO and above, while open, for this test alone: the other
     * appenders (the console) get a WARN threshold meanwhile, so that what they print does not change;
     * levels and filters come back on close.
     */
    private static final class LogCapture extends AbstractAppender implements AutoCloseable {

        private final ConcurrentLinkedQueue<String> lines;
        private final Map<String, Level> levelsBefore = new HashMap<>();
        private final Filter quiet = ThresholdFilter.createFilter(Level.WARN, Filter.Result.NEUTRAL, Filter.Result.DENY);

        private LogCapture(ConcurrentLinkedQueue<String> lines) {
            super("secret-check", null, null, true, Property.EMPTY_ARRAY);
            this.lines = lines;
        }

        static LogCapture everything(ConcurrentLinkedQueue<String> lines) {
            LogCapture capture = new LogCapture(lines);
            capture.start();
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            for (Appender appender : context.getConfiguration().getAppenders().values()) {
                if (appender instanceof AbstractFilterable filterable) {
                    filterable.addFilter(capture.quiet);
                }
            }
            List<LoggerConfig> loggers = new ArrayList<>(context.getConfiguration().getLoggers().values());
            loggers.add(context.getConfiguration().getRootLogger());
            for (LoggerConfig logger : loggers) {
                capture.levelsBefore.put(logger.getName(), logger.getLevel());
                logger.setLevel(Level.INFO);
                logger.addAppender(capture, Level.INFO, null);
            }
            context.updateLoggers();
            return capture;
        }

        @Override
        public void append(LogEvent event) {
            lines.add(event.getLoggerName() + " " + event.getMessage().getFormattedMessage()
                    + (event.getThrown() == null ? "" : " " + event.getThrown()));
        }

        @Override
        public void close() {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            for (Appender appender : context.getConfiguration().getAppenders().values()) {
                if (appender instanceof AbstractFilterable filterable) {
                    filterable.removeFilter(quiet);
                }
            }
            List<LoggerConfig> loggers = new ArrayList<>(context.getConfiguration().getLoggers().values());
            loggers.add(context.getConfiguration().getRootLogger());
            for (LoggerConfig logger : loggers) {
                logger.removeAppender(getName());
                Level before = levelsBefore.get(logger.getName());
                if (before != null) {
                    logger.setLevel(before);
                }
            }
            context.updateLoggers();
            stop();
        }
    }
}

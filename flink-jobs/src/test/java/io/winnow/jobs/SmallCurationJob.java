package io.winnow.jobs;

import io.winnow.embedded.EmbeddedKafka;
import io.winnow.jobs.config.JobConfig;
import io.winnow.jobs.config.Settings;
import io.winnow.sama.Example;
import io.winnow.sama.synthetic.NoisyClusters;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A continuous curation job with one small task ({@code alpha}: 3 classes, 4 features, an MLP of 8)
 * on its own topics {@code <prefix>.*}, started on the test's MiniCluster: for tests about what
 * comes out of a job rather than about curation itself. {@link #examples} serves other tests'
 * jobs of the same task shape too.
 */
public final class SmallCurationJob {

    static final String TASK = "alpha";

    final JobConfig config;
    final JobClient client;

    private SmallCurationJob(JobConfig config, JobClient client) {
        this.config = config;
        this.client = client;
    }

    static SmallCurationJob start(EmbeddedKafka kafka, String prefix) throws Exception {
        return start(kafka, prefix, Map.of());
    }

    /** @param extra job settings over the defaults (e.g. a schema registry) */
    static SmallCurationJob start(EmbeddedKafka kafka, String prefix, Map<String, String> extra) throws Exception {
        Map<String, String> settings = StreamingJobSettings.of(kafka.bootstrapServers(), prefix, 8);
        settings.put("tasks", TASK);
        settings.put("task.alpha.classes", "3");
        settings.put("task.alpha.input.dimension", "4");
        settings.put("task.alpha.mlp.hidden", "8");
        settings.put("task.alpha.meta-batch", "8");
        settings.putAll(extra);
        JobConfig config = JobConfig.from(new Settings(settings));
        kafka.createTopics(2, config.topics().samples(), config.topics().trusted(), config.topics().curated(),
                config.topics().metrics(), config.topics().deadLetters());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(CurationJob.flinkConfiguration(config));
        CurationJob.addTo(env, config, UnaryOperator.identity());
        return new SmallCurationJob(config, env.executeAsync(config.jobName()));
    }

    /** Samples of the task's three clusters, 30% of them with a flipped label, ids {@code <prefix><n>}. */
    public static List<Example> examples(String prefix, int count, long seed) {
        NoisyClusters data = new NoisyClusters(seed, 3, 4, count, 0, 0, 0.3, 1.0);
        return data.train().stream()
                .map(e -> new Example(prefix + e.id(), e.features(), null, e.label(), null))
                .collect(Collectors.toList());
    }

    void cancel() throws Exception {
        client.cancel().get();
    }
}

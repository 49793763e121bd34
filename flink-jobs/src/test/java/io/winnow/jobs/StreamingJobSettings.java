package io.winnow.jobs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Settings every continuous-job test starts from: its own topics, group and job name, fast checkpoints and batches. */
final class StreamingJobSettings {

    private StreamingJobSettings() {}

    /** Topics named {@code <prefix>.<topic>}; checkpoints every 500 ms; batches of {@code batch} or 300 ms. */
    static Map<String, String> of(String bootstrapServers, String prefix, int batch) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap-servers", bootstrapServers);
        s.put("kafka.group-id", prefix);
        s.put("kafka.transaction-timeout", "60000");
        s.put("job.name", prefix);
        s.put("job.checkpoint-interval", "500");
        s.put("job.restart-delay", "500");
        s.put("batch.size", Integer.toString(batch));
        s.put("batch.max-wait", "300");
        for (String topic : List.of("samples", "trusted", "curated", "metrics", "dlq", "pretraining-weights")) {
            s.put("topics." + topic, prefix + "." + topic);
        }
        return s;
    }
}

package io.winnow.tools;

import io.winnow.jobs.config.JobConfig;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** Creates the Kafka topics a job uses, for local runs and tools (production clusters declare theirs, see k8s/); not part of the job. */
public final class TopicSetup {

    private TopicSetup() {}

    /** Creates every topic of {@link JobConfig#topicsUsed()} that does not exist yet; returns how many it created. */
    public static int createMissing(JobConfig config, int partitions) throws Exception {
        Properties properties = config.kafka().clientProperties(new Properties());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : config.topicsUsed()) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, (short) 1));
                }
            }
            admin.createTopics(missing).all().get();
            return missing.size();
        }
    }
}

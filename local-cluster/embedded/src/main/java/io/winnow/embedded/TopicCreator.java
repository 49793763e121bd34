package io.winnow.embedded;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates topics on the embedded broker and waits until every partition has a leader. */
final class TopicCreator {

    private TopicCreator() {}

    /** Admin client settings for a broker on loopback: short timeouts, since it is local or down. */
    static Properties adminProperties(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin");
        return p;
    }

    /**
     * Creates the topics (replication factor 1) and waits until every partition has a leader as seen
     * by the broker's metadata, so that producers and consumers can use them at once.
     *
     * @throws IllegalStateException if a topic exists already, or on a timeout
     */
    static void create(Admin admin, int partitions, Duration timeout, Set<String> names) {
        List<NewTopic> topics = names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList();
        try {
            try {
                admin.createTopics(topics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    throw new IllegalStateException("topic already exists: " + e.getCause().getMessage(), e.getCause());
                }
                throw new IllegalStateException("could not create topics " + names + ": " + e.getCause(), e.getCause());
            }
            awaitLeaders(admin, names, partitions, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + names, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + timeout + " creating topics " + names, e);
        }
    }

    private static void awaitLeaders(Admin admin, Set<String> names, int partitions, Duration timeout)
            throws TimeoutException {
        Polling.until("leaders for every partition of " + names, timeout, () -> {
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return descriptions.size() == names.size()
                    && descriptions.values().stream().allMatch(d -> d.partitions().size() == partitions
                    && d.partitions().stream().map(TopicPartitionInfo::leader)
                    .allMatch(l -> l != null && !l.isEmpty()));
        });
    }
}

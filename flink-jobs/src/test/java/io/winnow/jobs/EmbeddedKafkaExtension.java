package io.winnow.jobs;

import io.winnow.embedded.EmbeddedKafka;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One embedded broker for a test class: started before its first test, stopped after its last. */
final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private final int partitions;
    private EmbeddedKafka kafka;

    EmbeddedKafkaExtension(int partitions) {
        this.partitions = partitions;
    }

    EmbeddedKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException("the broker starts before the class's first test");
        }
        return kafka;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = EmbeddedKafka.builder().partitions(partitions).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }
}

package io.winnow.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.sama.MetaDataSource;
import io.winnow.sama.Objective;
import io.winnow.sama.hyper.HypergradientSpec;
import io.winnow.sama.model.InputKind;
import io.winnow.sama.model.ModelSpec;
import io.winnow.sama.optim.OptimizerSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> s = new HashMap<>();
        s.put("tasks", "spam");
        s.put("task.spam.classes", "2");
        s.put("task.spam.input.dimension", "8");
        return s;
    }

    private static JobConfig parse(Map<String, String> settings) {
        return JobConfig.from(new Settings(settings));
    }

    @Test
    void minimalConfigurationGetsTheDocumentedDefaults() {
        JobConfig config = parse(minimal());
        assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.topics().samples()).isEqualTo("winnow.samples");
        assertThat(config.topics().deadLetters()).isEqualTo("winnow.dlq");
        assertThat(config.batching().batchSize()).isEqualTo(32);
        assertThat(config.engineThreads()).isEqualTo(1);
        TaskSpec spam = config.tasks().get("spam");
        assertThat(spam.input().kind()).isEqualTo(InputKind.DENSE);
        assertThat(spam.trainer().unroll()).isEqualTo(10);
        assertThat(spam.trainer().hypergradient().method()).isEqualTo(HypergradientSpec.Method.SAMA);
        assertThat(spam.trainer().reweighterUsesClass()).as("class-aware reweighting is opt-in").isFalse();
        assertThat(spam.trainer().normalizeWeights()).as("per-batch weight normalisation is opt-in").isFalse();
        assertThat(spam.trainer().coupling()).isEqualTo(io.winnow.sama.CorrectionCoupling.GATED);
        assertThat(spam.trainer().trustedGate()).as("the trusted gate is on with the trusted model")
                .isEqualTo(io.winnow.sama.TrustedGateSpec.defaults());
        assertThat(spam.trainer().trustedPerBatch()).as("trusted mixing is opt-in").isZero();
        assertThat(spam.trainer().model()).isInstanceOf(ModelSpec.Mlp.class);
        assertThat(((ModelSpec.Mlp) spam.trainer().model()).layerSizes()).containsExactly(8, 256, 2);
    }

    @Test
    void fileAndCommandLineOverridesCombineWithTaskDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(file, String.join("\n",
                "tasks = spam, topics",
                "task-defaults.unroll = 5",
                "task-defaults.optimizer = adamw",
                "task.spam.classes = 2",
                "task.spam.input.dimension = 8",
                "task.topics.classes = 4",
                "task.topics.model = text",
                "task.topics.text.vocabulary = 1000",
                "task.topics.text.encoder-layers = 2",
                "task.topics.unroll = 3",
                "task.topics.method = neumann",
                "task.topics.meta-data = recent-training",
                "task.topics.reweight-class-aware = true",
                "task.topics.reweight-normalize = true",
                "task.topics.correction-coupling = complementary",
                "batch.size = 16"));
        JobConfig config = JobConfig.fromArgs(new String[] {
            "--config", file.toString(), "--batch.size", "64", "--bootstrap-servers=kafka:9093",
            "--task.spam.schedule", "cosine", "--task.spam.total-steps", "1000",
            "--task.spam.trusted-gate.temperature", "0", "--task.topics.trusted-gate", "false"});
        assertThat(config.batching().batchSize()).isEqualTo(64);
        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:9093");
        assertThat(config.tasks().get("spam").trainer().unroll()).isEqualTo(5);
        assertThat(config.tasks().get("spam").trainer().baseOptimizer().kind()).isEqualTo(OptimizerSpec.Kind.ADAMW);
        assertThat(config.tasks().get("spam").trainer().baseOptimizer().schedule()).isEqualTo(OptimizerSpec.Schedule.COSINE);
        TaskSpec topics = config.tasks().get("topics");
        assertThat(topics.trainer().unroll()).isEqualTo(3);
        assertThat(topics.input().kind()).isEqualTo(InputKind.TOKENS);
        assertThat(topics.input().vocabularySize()).isEqualTo(1000);
        assertThat(topics.trainer().hypergradient().method()).isEqualTo(HypergradientSpec.Method.NEUMANN);
        assertThat(topics.trainer().metaData()).isEqualTo(MetaDataSource.RECENT_TRAINING);
        assertThat(topics.trainer().reweighterUsesClass()).isTrue();
        assertThat(topics.trainer().normalizeWeights()).isTrue();
        assertThat(topics.trainer().coupling()).isEqualTo(io.winnow.sama.CorrectionCoupling.COMPLEMENTARY);
        assertThat(config.tasks().get("spam").trainer().reweighterUsesClass()).isFalse();
        assertThat(config.tasks().get("spam").trainer().trustedGate())
                .as("a temperature alone keeps the gate on").isEqualTo(new io.winnow.sama.TrustedGateSpec(true, 0,
                        io.winnow.sama.TrustedGateSpec.DEFAULT_DECAY));
        assertThat(topics.trainer().trustedGate().enabled()).isFalse();
    }

    @Test
    void continuedPretrainingTasksGetAMaskedTokenHeadAndThePapersDefaults() {
        Map<String, String> s = new HashMap<>();
        s.put("tasks", "spam, pool");
        s.put("task.spam.classes", "2");
        s.put("task.spam.input.dimension", "8");
        s.put("task.pool.classes", "2");
        s.put("task.pool.objective", "continued-pretraining");
        s.put("task.pool.model", "text");
        s.put("task.pool.text.vocabulary", "500");
        s.put("task.pool.text.encoder-layers", "1");
        s.put("task.pool.mask-probability", "0.2");
        JobConfig config = parse(s);
        assertThat(config.topics().pretrainingWeights()).isEqualTo("winnow.pretraining-weights");
        TaskSpec pool = config.tasks().get("pool");
        assertThat(pool.continuedPretraining()).isTrue();
        assertThat(config.tasks().get("spam").continuedPretraining()).isFalse();
        assertThat(pool.trainer().objective()).isEqualTo(Objective.CONTINUED_PRETRAINING);
        assertThat(((ModelSpec.Text) pool.trainer().model()).spec().maskedTokenHead()).isTrue();
        assertThat(pool.trainer().maskProbability()).isEqualTo(0.2);
        assertThat(pool.trainer().finetuneBatchSize()).isEqualTo(32);
        assertThat(pool.trainer().hypergradient().alpha()).isEqualTo(0.3);
        assertThat(pool.trainer().baseOptimizer().kind()).isEqualTo(OptimizerSpec.Kind.ADAMW);
        assertThat(pool.trainer().baseOptimizer().beta2()).isEqualTo(0.98);
        assertThat(pool.trainer().baseOptimizer().eps()).isEqualTo(1e-6);
        assertThat(pool.trainer().metaOptimizer().kind()).isEqualTo(OptimizerSpec.Kind.ADAM);
        assertThat(pool.trainer().emaDecay()).isZero();

        s.put("task.pool.text.encoder-layers", "0");
        assertThatThrownBy(() -> parse(s)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("task.pool.text.encoder-layers");
        s.put("task.pool.text.encoder-layers", "1");
        s.put("task.pool.correct", "true");
        assertThatThrownBy(() -> parse(s)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("task pool").hasMessageContaining("no labels to correct");
        s.remove("task.pool.correct");
        s.put("task.pool.model", "mlp");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("task.pool.model = text");
        s.put("task.pool.model", "text");
        s.put("task.spam.mask-probability", "0.2");
        assertThatThrownBy(() -> parse(s)).as("masking settings of a curation task are unknown keys")
                .hasMessageContaining("task.spam.mask-probability");
    }

    @Test
    void badValuesFailWithTheirKey() {
        Map<String, String> s = minimal();
        s.put("batch.size", "zero");
        assertThatThrownBy(() -> parse(s)).isInstanceOf(ConfigException.class).hasMessageContaining("batch.size");
        s.put("batch.size", "0");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("batch.size").hasMessageContaining("[1,");
        s.remove("batch.size");
        s.put("task.spam.method", "magic");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("task.spam.method").hasMessageContaining("sama");
        s.remove("task.spam.method");
        s.put("task.spam.lr", "-1");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("task.spam.lr");
        s.remove("task.spam.lr");
        s.remove("task.spam.input.dimension");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("task.spam.input.dimension");
    }

    @Test
    void theRelabelAgreementIsAChoiceWithItsDefaultForMoreThanTwoClasses() {
        Map<String, String> s = minimal();
        assertThat(parse(s).tasks().get("spam").trainer().trustedGate().agreement())
                .isEqualTo(io.winnow.sama.RelabelAgreement.MULTI_CLASS);
        s.put("task.spam.trusted-gate.agreement", "always");
        assertThat(parse(s).tasks().get("spam").trainer().trustedGate().agreement())
                .isEqualTo(io.winnow.sama.RelabelAgreement.ALWAYS);
        s.put("task.spam.trusted-gate.agreement", "sometimes");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("task.spam.trusted-gate.agreement")
                .hasMessageContaining("multi-class");
    }

    @Test
    void unknownKeysAreRejectedInsteadOfIgnored() {
        Map<String, String> s = minimal();
        s.put("task.spam.unrol", "5");
        s.put("batch.sizes", "5");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("task.spam.unrol").hasMessageContaining("batch.sizes");
        Map<String, String> orphan = minimal();
        orphan.put("task.other.classes", "3");
        assertThatThrownBy(() -> parse(orphan)).hasMessageContaining("task.other.classes");
    }

    @Test
    void anUndottedOptionOnTheCommandLineIsRefusedNotDropped() {
        assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {
            "--tasks", "spam", "--task.spam.classes", "2", "--task.spam.input.dimension", "8", "--parallelism", "2"}))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--parallelism").hasMessageContaining("--job.parallelism");
        assertThat(JobConfig.fromArgs(new String[] {
            "--tasks", "spam", "--task.spam.classes", "2", "--task.spam.input.dimension", "8",
            "--bootstrap-servers", "127.0.0.1:1"}).kafka().bootstrapServers())
                .as("the documented shortcut still works").isEqualTo("127.0.0.1:1");
    }

    @Test
    void tasksAreRequiredAndTheTransactionTimeoutMustOutlastACheckpoint() {
        assertThatThrownBy(() -> parse(Map.of())).hasMessageContaining("tasks");
        Map<String, String> s = minimal();
        s.put("job.checkpoint-interval", "1 min");
        s.put("kafka.transaction-timeout", "30 s");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("kafka.transaction-timeout")
                .hasMessageContaining("60000 ms");
    }

    @Test
    void layerWidthsAreACommaSeparatedListWhoseBlankItemsAreIgnored() {
        Map<String, String> s = minimal();
        s.put("task.spam.mlp.hidden", " 64, 32 ,");
        assertThat(((ModelSpec.Mlp) parse(s).tasks().get("spam").trainer().model()).layerSizes())
                .containsExactly(8, 64, 32, 2);
        s.put("task.spam.mlp.hidden", "64,x");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("task.spam.mlp.hidden")
                .hasMessageContaining("comma-separated list of integers");
    }

    @Test
    void timesTakeUnitsAndTheOlderMillisecondKeysStillWork() {
        Map<String, String> withUnits = minimal();
        withUnits.put("job.checkpoint-interval", "15 s");
        withUnits.put("job.restart-delay", "1500 ms");
        withUnits.put("batch.max-wait", "2 min");
        withUnits.put("kafka.transaction-timeout", "3 min");
        Map<String, String> deprecated = minimal();
        deprecated.put("job.checkpoint-interval-ms", "15000");
        deprecated.put("job.restart-delay-ms", "1500");
        deprecated.put("batch.max-wait-ms", "120000");
        deprecated.put("kafka.transaction-timeout-ms", "180000");
        JobConfig config = parse(withUnits);
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.restart().delay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.restart().attempts()).as("setting one restart key sets both").isEqualTo(10);
        assertThat(config.batching().maxWaitMillis()).isEqualTo(120_000);
        assertThat(config.kafka().transactionTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(parse(deprecated)).as("the -ms keys, read as deprecated keys").isEqualTo(config);

        Map<String, String> both = minimal();
        both.put("job.checkpoint-interval", "20 s");
        both.put("job.checkpoint-interval-ms", "15000");
        assertThat(parse(both).checkpointInterval()).as("the current key wins").isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aBadOrOutOfRangeTimeNamesItsKey() {
        Map<String, String> s = minimal();
        s.put("batch.max-wait", "soon");
        assertThatThrownBy(() -> parse(s)).isInstanceOf(ConfigException.class).hasMessageContaining("batch.max-wait")
                .hasMessageContaining("soon");
        s.put("batch.max-wait", "2 h");
        assertThatThrownBy(() -> parse(s)).isInstanceOf(ConfigException.class).hasMessageContaining("batch.max-wait")
                .hasMessageContaining("[1 ms, 3600000 ms]");
        Map<String, String> deprecated = minimal();
        deprecated.put("job.checkpoint-interval-ms", "50");
        assertThatThrownBy(() -> parse(deprecated)).hasMessageContaining("job.checkpoint-interval");
    }

    @Test
    void anIsolationLevelOtherThanReadCommittedIsRefusedNotOverridden() {
        Map<String, String> s = minimal();
        s.put("kafka.properties.isolation.level", "read_uncommitted");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("isolation.level = read_uncommitted")
                .hasMessageContaining("committed input only");
        s.put("kafka.properties.isolation.level", "read_committed");
        assertThat(parse(s).kafka().clientProperties()).containsEntry("isolation.level", "read_committed");
    }

    @Test
    void pruningModeReadsBothWaysOfDrawingFromTheTrainingStream() {
        Map<String, String> s = minimal();
        s.put("task.spam.meta-data", "seen-training");
        assertThat(parse(s).tasks().get("spam").trainer().metaData()).isEqualTo(MetaDataSource.SEEN_TRAINING);
        s.put("task.spam.meta-data", "everything");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("meta-data").hasMessageContaining("seen-training");
    }

    @Test
    void clientPropertiesThatTheJobSetsItselfAreRefusedNotOverridden() {
        Map<String, String> timeout = minimal();
        timeout.put("kafka.properties.transaction.timeout.ms", "900000");
        assertThatThrownBy(() -> parse(timeout)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.properties.transaction.timeout.ms").hasMessageContaining("kafka.transaction-timeout");
        Map<String, String> servers = minimal();
        servers.put("kafka.properties.bootstrap.servers", "other:9092");
        assertThatThrownBy(() -> parse(servers)).hasMessageContaining("kafka.bootstrap-servers");
        Map<String, String> commits = minimal();
        commits.put("kafka.properties.commit.offsets.on.checkpoint", "false");
        assertThatThrownBy(() -> parse(commits)).hasMessageContaining("commit.offsets.on.checkpoint = false")
                .hasMessageContaining("remove the setting");
        commits.put("kafka.properties.commit.offsets.on.checkpoint", "true");
        assertThat(parse(commits).kafka().clientProperties()).containsEntry("commit.offsets.on.checkpoint", "true");
    }

    @Test
    void kafkaClientPropertiesPassThroughAndPlaintextCredentialsToARemoteBrokerAreRefused() {
        Map<String, String> s = minimal();
        s.put("kafka.bootstrap-servers", "broker.example.com:9092");
        s.put("kafka.properties.sasl.mechanism", "PLAIN");
        s.put("kafka.properties.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;");
        s.put("kafka.properties.security.protocol", "SASL_PLAINTEXT");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("SASL_SSL").hasMessageContaining("broker.example.com");
        s.put("security.allow-plaintext-credentials", "true");
        assertThat(parse(s).kafka().clientProperties()).containsEntry("sasl.mechanism", "PLAIN");
        s.remove("security.allow-plaintext-credentials");
        s.put("kafka.properties.security.protocol", "SASL_SSL");
        assertThat(parse(s).kafka().clientProperties()).containsEntry("security.protocol", "SASL_SSL");
        s.put("kafka.properties.security.protocol", "SASL_PLAINTEXT");
        s.put("kafka.bootstrap-servers", "127.0.0.1:9092,localhost:9093");
        assertThat(parse(s).kafka().bootstrapServers()).contains("localhost");
    }

    @Test
    void theTrustedModelReadsVotesOnlyWhereThereAreVotes() {
        assertThat(parse(minimal()).trainerConfigs().get("spam").trustedModelReadsVotes()).isFalse();
        Map<String, String> s = minimal();
        s.put("task.spam.trusted-model.votes", "true");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("labeling functions");
        s.put("task.spam.labeling-functions", "3");
        assertThat(parse(s).trainerConfigs().get("spam").trustedModelReadsVotes()).isTrue();
    }

    @Test
    void aSchemaRegistryIsOptionalAndItsLoginNeverTravelsUnencryptedToAnotherMachine() {
        JobConfig none = parse(minimal());
        assertThat(none.schemaRegistry().endpoint()).isNull();
        assertThat(none.schemaRegistry().writesRegistryFraming()).isFalse();

        Map<String, String> s = minimal();
        s.put("output.framing", "registry");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("output.framing = registry needs schema-registry.url");
        s.put("schema-registry.url", "http://registry.example.com:8081");
        s.put("schema-registry.timeout", "3 s");
        JobConfig registry = parse(s);
        assertThat(registry.schemaRegistry().writesRegistryFraming()).isTrue();
        assertThat(registry.schemaRegistry().endpoint().url().getHost()).isEqualTo("registry.example.com");
        assertThat(registry.schemaRegistry().endpoint().timeout()).hasSeconds(3);

        s.put("schema-registry.user-info", "winnow:s3cret");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("over http to http://registry.example.com:8081");
        s.put("schema-registry.url", "https://registry.example.com:8081");
        assertThat(parse(s).toString()).contains("user=winnow").doesNotContain("s3cret");
        s.put("schema-registry.url", "ftp://registry.example.com");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("schema-registry.url").hasMessageContaining("http or https");

        Map<String, String> loginOnly = minimal();
        loginOnly.put("schema-registry.user-info", "a:b");
        assertThatThrownBy(() -> parse(loginOnly)).hasMessageContaining("schema-registry.url is not");
    }

    @Test
    void configurationTravelsToTheClusterAsJavaSerialization() throws Exception {
        JobConfig config = parse(minimal());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(config);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(config);
        }
    }

    @Test
    void replaysReadOffsetRangesOrFilesForSeveralEpochsAndNeedABoundedJob() {
        Map<String, String> s = minimal();
        assertThat(parse(s).replay()).isEqualTo(Replay.continuous());
        s.put("job.bounded", "true");
        s.put("replay.epochs", "3");
        s.put("replay.samples-offsets", "0:10-500, 2:0-40");
        Replay replay = parse(s).replay();
        assertThat(replay.epochs()).isEqualTo(3);
        assertThat(replay.samplesOffsets().from()).containsEntry(0, 10L).containsEntry(2, 0L).hasSize(2);
        assertThat(replay.samplesOffsets().to()).containsEntry(0, 500L).containsEntry(2, 40L);
        assertThat(replay.trustedOffsets().isAll()).isTrue();

        s.put("replay.samples-offsets", "0:500-10");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("replay.samples-offsets").hasMessageContaining("0:500-10");
        s.put("replay.samples-offsets", "0-10");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("partition:from-to");
        s.put("replay.samples-offsets", "0:0-1,0:1-2");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("twice");
        s.put("replay.samples-offsets", "0:0-10");
        s.put("job.bounded", "false");
        assertThatThrownBy(() -> parse(s)).hasMessageContaining("job.bounded");

        Map<String, String> files = minimal();
        files.put("files.samples", "/data/a.jsonl,/data/b.avro");
        assertThat(parse(files).bounded()).isTrue();
        assertThat(parse(files).files().samples()).containsExactly("/data/a.jsonl", "/data/b.avro");
        files.put("files.samples", "/data/a.csv");
        assertThatThrownBy(() -> parse(files)).hasMessageContaining("neither JSON lines");
        files.put("files.samples", "/data/a.jsonl");
        files.put("replay.trusted-offsets", "0:0-10");
        assertThatThrownBy(() -> parse(files)).hasMessageContaining("not to files");
    }

    @Test
    void aReplayAlsoNeedsThePredictionsTopicAContinuousJobDoesNot() {
        Map<String, String> continuous = minimal();
        assertThat(parse(continuous).topicsUsed()).doesNotContain("winnow.predictions")
                .contains("winnow.samples", "winnow.trusted", "winnow.curated", "winnow.metrics", "winnow.dlq");
        Map<String, String> replay = minimal();
        replay.put("job.bounded", "true");
        assertThat(parse(replay).topicsUsed()).contains("winnow.predictions");
    }
}

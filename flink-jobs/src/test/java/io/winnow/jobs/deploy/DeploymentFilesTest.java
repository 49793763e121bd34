package io.winnow.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.jobs.config.JobConfig;
import io.winnow.jobs.config.Settings;
import io.winnow.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The Docker, compose and Kubernetes files cannot run on these machines (no Docker engine, no
 * cluster), so every path, image, class, topic and configuration key they use is checked here
 * against the project itself.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String JOB_JAR_IN_IMAGE = "/opt/flink/usrlib/winnow-jobs.jar";
    private static final List<String> TOPICS = List.of(Topics.SAMPLES, Topics.TRUSTED, Topics.CURATED,
            Topics.PRETRAINING_WEIGHTS, Topics.METRICS, Topics.DLQ);

    private static String read(String relative) throws IOException {
        return Files.readString(ROOT.resolve(relative));
    }

    private static String pomProperty(String name) throws IOException {
        Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(read("pom.xml"));
        assertThat(matcher.find()).as("root pom property %s", name).isTrue();
        return matcher.group(1).trim();
    }

    private static String projectVersion() throws IOException {
        Matcher matcher = Pattern.compile("<artifactId>winnow-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(read("pom.xml"));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1).replace("-SNAPSHOT", "");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String relative) throws IOException {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(read(relative));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> yamlDocuments(String relative) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(read(relative))) {
            documents.add((Map<String, Object>) document);
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            assertThat(current).as("YAML path %s", String.join(".", path)).isInstanceOf(Map.class);
            current = ((Map<String, Object>) current).get(key);
        }
        return (T) current;
    }

    @Test
    void dockerfilesBuildFromPathsThatExistAndInstallWhatTheDeploymentsUse() throws Exception {
        for (String dockerfile : List.of("docker/Dockerfile", "docker/Dockerfile.cuda")) {
            String text = read(dockerfile);
            assertThat(text).contains("ARG FLINK_IMAGE=flink:2.2").contains("java17");
            Matcher copies = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(text);
            List<String> copied = new java.util.ArrayList<>();
            while (copies.find()) {
                assertThat(ROOT.resolve(copies.group(1))).as("%s copies %s", dockerfile, copies.group(1)).exists();
                copied.add(copies.group(1));
            }
            // The reactor reads every module the root pom lists, also under -pl: each must be copied.
            Matcher modules = Pattern.compile("<module>([^/<]+)[^<]*</module>").matcher(read("pom.xml"));
            while (modules.find()) {
                assertThat(copied).as("%s copies the module folder %s", dockerfile, modules.group(1))
                        .contains(modules.group(1));
            }
            assertThat(text).contains("flink-jobs/target/winnow-flink-jobs-*-job.jar").contains(JOB_JAR_IN_IMAGE)
                    .contains("/opt/flink/lib/").contains("DJL_CACHE_DIR").contains("io.winnow.sama.device.EngineCheck");
            Class.forName("io.winnow.sama.device.EngineCheck");
        }
        // The job jar's name in the Dockerfiles is what the shade plugin produces.
        assertThat(read("flink-jobs/pom.xml")).contains("<artifactId>winnow-flink-jobs</artifactId>")
                .contains("<shadedClassifierName>job</shadedClassifierName>");
        String cuda = read("docker/Dockerfile.cuda");
        assertThat(cuda).contains("PYTORCH_VERSION=" + pomProperty("pytorch.version")).contains("PYTORCH_FLAVOR=cu128")
                .contains("-DexcludeArtifactIds=pytorch-native-cpu").contains("external-resource-gpu");
        String flinkConf = read("docker/flink-conf-winnow.yaml");
        assertThat(flinkConf).contains("ai.djl.").contains("SERIALIZABLE_PACKAGES=io.winnow.schemas");
    }

    @Test
    void composeStackUsesTheProjectsImageTopicsEntryClassAndAValidConfiguration() throws Exception {
        Map<String, Object> compose = yaml("docker/compose.yaml");
        Map<String, Object> services = at(compose, "services");
        assertThat(services).containsKeys("kafka", "topics", "jobmanager", "taskmanager");
        String kafkaImage = "apache/kafka:" + pomProperty("kafka.version");
        assertThat((String) at(services, "kafka", "image")).isEqualTo(kafkaImage);
        assertThat((String) at(services, "topics", "image")).isEqualTo(kafkaImage);
        String winnowImage = "winnow:" + projectVersion() + "-cpu";
        assertThat((String) at(services, "jobmanager", "image")).isEqualTo(winnowImage);
        assertThat((String) at(services, "taskmanager", "image")).isEqualTo(winnowImage);
        assertThat(read("docker/Dockerfile")).contains("-t " + winnowImage);
        assertThat(read("docker/Dockerfile.cuda")).contains("-t winnow:" + projectVersion() + "-cuda");

        String topicScript = String.join("\n", (List<String>) at(services, "topics", "entrypoint"));
        Matcher loop = Pattern.compile("for topic in ([^;]+);").matcher(topicScript);
        assertThat(loop.find()).as("topic creation loop").isTrue();
        assertThat(loop.group(1).trim().split("\\s+")).containsExactlyInAnyOrderElementsOf(TOPICS);
        List<String> command = at(services, "jobmanager", "command");
        assertThat(command).startsWith("standalone-job");
        String entryClass = command.get(command.indexOf("--job-classname") + 1);
        Class.forName(entryClass).getMethod("main", String[].class);
        String configInContainer = command.get(command.indexOf("--config") + 1);
        List<String> volumes = at(services, "jobmanager", "volumes");
        String mount = volumes.stream().filter(v -> v.contains(configInContainer)).findFirst().orElseThrow();
        Path configOnHost = ROOT.resolve("docker").resolve(mount.substring(0, mount.indexOf(':')));
        JobConfig config = JobConfig.from(Settings.load(configOnHost));
        String advertised = at(services, "kafka", "environment", "KAFKA_ADVERTISED_LISTENERS");
        assertThat(advertised).contains("PLAINTEXT://" + config.kafka().bootstrapServers());
        assertThat(config.topics().samples()).isEqualTo(Topics.SAMPLES);
        for (String service : List.of("kafka", "jobmanager")) {
            List<String> ports = at(services, service, "ports");
            assertThat(ports).allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"));
        }
    }

    @Test
    void everyDeploymentTurnsOnThePrometheusReporterAndHighAvailabilityAndComposeScrapesIntoTheDashboard() throws Exception {
        String reporter = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
        Map<String, Object> flinkConf = yaml("docker/flink-conf-winnow.yaml");
        assertThat(flinkConf).containsEntry("metrics.reporter.prom.factory.class", reporter)
                .containsEntry("metrics.reporter.prom.port", "9249");
        Map<String, Object> deployment = yaml("k8s/base/flinkdeployment.yaml");
        Map<String, Object> configuration = at(deployment, "spec", "flinkConfiguration");
        assertThat(configuration).containsEntry("metrics.reporter.prom.factory.class", reporter)
                .containsEntry("metrics.reporter.prom.port", "9249");
        for (String role : List.of("jobManager", "taskManager")) {
            Map<String, Object> annotations = at(deployment, "spec", role, "podTemplate", "metadata", "annotations");
            assertThat(annotations).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "9249");
            List<Map<String, Object>> containers = at(deployment, "spec", role, "podTemplate", "spec", "containers");
            assertThat(containers.get(0).get("ports")).asList()
                    .contains(Map.of("name", "metrics", "containerPort", 9249));
        }
        assertThat(configuration).containsEntry("high-availability.type", "kubernetes");
        assertThat((String) configuration.get("high-availability.storageDir")).startsWith("s3://");
        Map<String, Object> podMonitor = yaml("k8s/monitoring/podmonitor.yaml");
        assertThat((String) at(podMonitor, "spec", "selector", "matchLabels", "app"))
                .isEqualTo(at(deployment, "metadata", "name"));
        List<Map<String, Object>> endpoints = at(podMonitor, "spec", "podMetricsEndpoints");
        assertThat(endpoints.get(0)).containsEntry("port", "metrics");

        Map<String, Object> services = at(yaml("docker/compose.yaml"), "services");
        assertThat(services).containsKeys("prometheus", "grafana");
        Map<String, Object> prometheus = yaml("docker/prometheus/prometheus.yml");
        List<Map<String, Object>> scrapes = at(prometheus, "scrape_configs");
        List<Map<String, Object>> statics = (List<Map<String, Object>>) scrapes.get(0).get("static_configs");
        assertThat((List<String>) statics.get(0).get("targets")).containsExactlyInAnyOrder("jobmanager:9249", "taskmanager:9249");
        for (String service : List.of("prometheus", "grafana")) {
            List<String> volumes = at(services, service, "volumes");
            assertThat(volumes).allSatisfy(volume ->
                    assertThat(ROOT.resolve("docker").resolve(volume.substring(0, volume.indexOf(':')))).exists());
            List<String> ports = at(services, service, "ports");
            assertThat(ports).allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"));
        }
        List<Map<String, Object>> datasources = at(yaml("docker/grafana/provisioning/datasources/prometheus.yaml"), "datasources");
        String uid = (String) datasources.get(0).get("uid");
        String dashboard = read("docker/grafana/dashboards/winnow.json");
        assertThat(dashboard).contains("\"uid\": \"" + uid + "\"").doesNotContain("${DS_");
    }

    @Test
    void kubernetesBaseDeploysTheJobJarWithSecretsFromSecretsAndTheTopicsItUses() throws Exception {
        Map<String, Object> kustomization = yaml("k8s/base/kustomization.yaml");
        List<String> resources = at(kustomization, "resources");
        for (String resource : resources) {
            assertThat(ROOT.resolve("k8s/base").resolve(resource)).exists();
        }
        List<Map<String, Object>> generators = at(kustomization, "configMapGenerator");
        String configMapName = (String) generators.get(0).get("name");
        String configFile = ((List<String>) generators.get(0).get("files")).get(0);

        Map<String, Object> deployment = yaml("k8s/base/flinkdeployment.yaml");
        assertThat((String) at(deployment, "apiVersion")).isEqualTo("flink.apache.org/v1beta1");
        assertThat((String) at(deployment, "kind")).isEqualTo("FlinkDeployment");
        assertThat((String) at(deployment, "spec", "flinkVersion")).isEqualTo("v2_2");
        assertThat((String) at(deployment, "spec", "job", "jarURI")).isEqualTo("local://" + JOB_JAR_IN_IMAGE);
        assertThat((String) at(deployment, "spec", "job", "upgradeMode")).isEqualTo("savepoint");
        Class.forName(at(deployment, "spec", "job", "entryClass")).getMethod("main", String[].class);
        Map<String, Object> flink = at(deployment, "spec", "flinkConfiguration");
        assertThat((String) flink.get("classloader.parent-first-patterns.additional")).contains("ai.djl.");
        assertThat((String) flink.get("env.java.opts.all")).contains("SERIALIZABLE_PACKAGES=io.winnow.schemas");
        assertThat(flink).containsKeys("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir");

        // The config file the job reads is the generated ConfigMap, mounted where --config points.
        List<String> args = at(deployment, "spec", "job", "args");
        String configPath = args.get(args.indexOf("--config") + 1);
        Map<String, Object> jobManagerPod = at(deployment, "spec", "jobManager", "podTemplate", "spec");
        Map<String, Object> container = ((List<Map<String, Object>>) jobManagerPod.get("containers")).get(0);
        Map<String, Object> configMount = ((List<Map<String, Object>>) container.get("volumeMounts")).stream()
                .filter(m -> configPath.startsWith((String) m.get("mountPath"))).findFirst().orElseThrow();
        Map<String, Object> configVolume = ((List<Map<String, Object>>) jobManagerPod.get("volumes")).stream()
                .filter(v -> v.get("name").equals(configMount.get("name"))).findFirst().orElseThrow();
        assertThat((String) at(configVolume, "configMap", "name")).isEqualTo(configMapName);
        assertThat(configPath).endsWith("/" + configFile);

        // Credentials come from a Secret: every ${env:...} of the config is a secretKeyRef of the pod.
        String properties = read("k8s/base/" + configFile);
        Set<String> referenced = new HashSet<>();
        Matcher env = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)}").matcher(properties);
        while (env.find()) {
            referenced.add(env.group(1));
        }
        assertThat(referenced).isNotEmpty();
        Map<String, String> fromSecrets = new HashMap<>();
        for (Map<String, Object> variable : (List<Map<String, Object>>) container.get("env")) {
            Object secret = at(variable, "valueFrom", "secretKeyRef", "name");
            assertThat(secret).as("env %s comes from a Secret", variable.get("name")).isNotNull();
            fromSecrets.put((String) variable.get("name"), "value-of-" + variable.get("name"));
        }
        assertThat(fromSecrets.keySet()).containsAll(referenced);
        assertThat(properties).doesNotContainPattern("password=\"[^$]");
        Path file = ROOT.resolve("k8s/base").resolve(configFile);
        JobConfig config = JobConfig.from(loadWith(file, fromSecrets));
        Set<String> clientKeys = new HashSet<>(ProducerConfig.configNames());
        clientKeys.addAll(ConsumerConfig.configNames());
        assertThat(clientKeys).containsAll(config.kafka().clientProperties().keySet());
        assertThat(config.kafka().clientProperties()).containsEntry("security.protocol", "SASL_SSL");
        // The FlinkDeployment owns checkpoints and restarts; a value in the job's file would override it.
        assertThat(flink).containsKeys("execution.checkpointing.interval", "restart-strategy.type");
        assertThat(config.checkpointInterval()).as("job.checkpoint-interval in " + configFile).isNull();
        assertThat(config.restart()).as("job.restart-* in " + configFile).isNull();

        List<String> topicNames = yamlDocuments("k8s/base/kafka-topics.yaml").stream()
                .peek(topic -> assertThat((String) topic.get("kind")).isEqualTo("KafkaTopic"))
                .map(topic -> (String) at(topic, "metadata", "name"))
                .collect(Collectors.toList());
        assertThat(topicNames).containsExactlyInAnyOrderElementsOf(TOPICS);
        assertThat(List.of(config.topics().samples(), config.topics().trusted(), config.topics().curated(),
                config.topics().pretrainingWeights(), config.topics().metrics(), config.topics().deadLetters()))
                .containsExactlyInAnyOrderElementsOf(TOPICS);
    }

    @Test
    void overlaysPickTheirImageAndTheGpuOverlayRequestsAndConfiguresGpus() throws Exception {
        for (String flavour : List.of("cpu", "gpu")) {
            Map<String, Object> kustomization = yaml("k8s/overlays/" + flavour + "/kustomization.yaml");
            assertThat((List<String>) at(kustomization, "resources")).containsExactly("../../base");
            Map<String, Object> image = ((List<Map<String, Object>>) at(kustomization, "images")).get(0);
            assertThat(image.get("name")).isEqualTo(at(yaml("k8s/base/flinkdeployment.yaml"), "spec", "image"));
            assertThat((String) image.get("newTag")).isEqualTo(projectVersion() + (flavour.equals("cpu") ? "-cpu" : "-cuda"));
        }
        Map<String, Object> gpu = yaml("k8s/overlays/gpu/kustomization.yaml");
        Map<String, Object> patchRef = ((List<Map<String, Object>>) at(gpu, "patches")).get(0);
        Map<String, Object> patch = yaml("k8s/overlays/gpu/" + patchRef.get("path"));
        assertThat((String) at(patch, "metadata", "name")).isEqualTo(at(patchRef, "target", "name"))
                .isEqualTo(at(yaml("k8s/base/flinkdeployment.yaml"), "metadata", "name"));
        Map<String, Object> flink = at(patch, "spec", "flinkConfiguration");
        assertThat(flink).containsEntry("external-resources", "gpu")
                .containsEntry("external-resource.gpu.kubernetes.config-key", "nvidia.com/gpu")
                .containsEntry("external-resource.gpu.driver-factory.class",
                        "org.apache.flink.externalresource.gpu.GPUDriverFactory");
        Map<String, Object> container = ((List<Map<String, Object>>) at(patch, "spec", "taskManager", "podTemplate",
                "spec", "containers")).get(0);
        assertThat(at(container, "resources", "limits") instanceof Map<?, ?> limits && limits.containsKey("nvidia.com/gpu"))
                .isTrue();
        // The operator reads the GPU index from this resource name.
        assertThat(read("gpu-operator/src/main/java/io/winnow/operator/SamaCurationOperator.java"))
                .contains("getExternalResourceInfos(\"gpu\")");
    }

    private static Settings loadWith(Path file, Map<String, String> environment) throws Exception {
        var method = Settings.class.getDeclaredMethod("load", Path.class, Map.class);
        method.setAccessible(true);
        return (Settings) method.invoke(null, file, environment);
    }
}

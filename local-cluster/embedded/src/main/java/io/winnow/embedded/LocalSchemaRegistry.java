package io.winnow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real schema registry for tests: Apicurio Registry 2.4 with in-memory storage, built by the
 * {@code local-cluster/registry} module, started as a child process on a free loopback port and stopped
 * (by its own process handle) on {@link #close}. Its Confluent-compatible API is at {@link #url()}.
 * Starting takes about 10 s and 250 MB, so a test class shares one.
 */
public final class LocalSchemaRegistry implements AutoCloseable {

    /** Where the module's build leaves the runner, relative to the repository root. */
    static final Path RUNNER = Path.of("local-cluster", "registry", "target", "winnow-local-registry-runner.jar");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final int ATTEMPTS = 3;

    private final Process process;
    private final int port;
    private final Path log;

    private LocalSchemaRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts a registry and waits until its API answers; a port lost to another process between choosing
     * and binding it is retried on a new one.
     *
     * @param workDir where the server's log goes
     */
    public static LocalSchemaRegistry start(Path workDir) throws IOException, InterruptedException, TimeoutException {
        Path runner = findRunner();
        Files.createDirectories(workDir);
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = LoopbackPorts.choose("127.0.0.1", 0)[0];
            Path log = workDir.resolve("registry-" + port + ".log");
            Process process = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC",
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                    "-jar", runner.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            LocalSchemaRegistry registry = new LocalSchemaRegistry(process, port, log);
            try {
                registry.awaitReady();
                return registry;
            } catch (IllegalStateException e) { // the process ended: most likely the port was taken
                last = e;
                registry.close();
            } catch (TimeoutException | RuntimeException e) {
                registry.close();
                throw e;
            }
        }
        throw last;
    }

    /** The Confluent-compatible REST API, e.g. {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    public int port() {
        return port;
    }

    private void awaitReady() throws TimeoutException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest subjects = HttpRequest.newBuilder(URI.create(url() + "/subjects")).timeout(Duration.ofSeconds(5)).build();
        // A process that ended ends the wait too (then it is reported below), instead of waiting it out.
        Polling.until("schema registry on port " + port + " answers", READY_TIMEOUT, () -> !process.isAlive()
                || http.send(subjects, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        if (!process.isAlive()) {
            throw new IllegalStateException("schema registry exited with " + process.exitValue() + ": " + logTail());
        }
    }

    /** The last lines of the server's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static Path findRunner() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RUNNER);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new UncheckedIOException(new IOException("no " + RUNNER + " above " + Path.of("").toAbsolutePath()
                + ": build it with mvn -pl local-cluster/registry package (mvn verify at the root does)"));
    }

    /** Stops the server: SIGTERM, then SIGKILL after 10 s. Only this registry's own process. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

package io.winnow.benchmarks.engine;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link BenchmarkCase} in a fresh child JVM: the same java binary and classpath as this
 * one, DJL offline, the case's PyTorch thread counts, a fixed pre-touched heap (so that the heap is
 * part of the start-up RSS and RSS growth measures native memory; note that the JVM's default
 * limit on direct buffers equals the heap size) and the serial collector (no GC threads competing
 * for the cores). Reads back the JSON line the worker prints.
 *
 * @param javaBinary the java executable
 * @param classpath the classpath the child runs with
 * @param heap the child's -Xms and -Xmx value (e.g. "512m")
 * @param timeoutSeconds how long one child may run before it is killed
 */
record WorkerLauncher(Path javaBinary, String classpath, String heap, int timeoutSeconds) {

    /** The running JVM's java binary and classpath (the class loader's URLs under exec:java, else java.class.path). */
    static WorkerLauncher current(String heap, int timeoutSeconds) {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        return new WorkerLauncher(java, currentClasspath(), heap, timeoutSeconds);
    }

    List<String> command(BenchmarkCase benchmarkCase) {
        int threads = benchmarkCase.workload().threads();
        List<String> command = new ArrayList<>(List.of(
                javaBinary.toString(),
                // A fixed, pre-touched heap is resident from the start, so RSS growth is native memory.
                "-Xms" + heap,
                "-Xmx" + heap,
                "-XX:+AlwaysPreTouch",
                "-XX:+UseSerialGC",
                "-DDJL_OFFLINE=true",
                "-Dai.djl.offline=true",
                "-DOPT_OUT_TRACKING=true",
                "-Dai.djl.pytorch.num_threads=" + threads,
                "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", classpath,
                BenchmarkWorker.class.getName()));
        command.addAll(benchmarkCase.toArgs());
        return command;
    }

    BenchmarkResult run(BenchmarkCase benchmarkCase) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(benchmarkCase));
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        // OpenMP/MKL must not spread beyond the threads DJL is told to use.
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(benchmarkCase.workload().threads()));
        builder.environment().put("MKL_NUM_THREADS", Integer.toString(benchmarkCase.workload().threads()));
        Path stderr = Files.createTempFile("winnow-bench-worker", ".err");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        try {
            StdoutReader stdout = new StdoutReader(process.getInputStream());
            stdout.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException(benchmarkCase.label() + ": worker killed after " + timeoutSeconds + " s"
                        + tail(stderr));
            }
            stdout.join(TimeUnit.SECONDS.toMillis(10));
            String line = stdout.lastJsonLine();
            if (process.exitValue() != 0 || line == null) {
                throw new IOException(benchmarkCase.label() + ": worker exited with status " + process.exitValue()
                        + (line == null ? " and printed no result" : "") + tail(stderr));
            }
            return BenchmarkResult.fromJson(BenchmarkJson.read(line));
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(stderr);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 25), lines.size());
            return last.isEmpty() ? "" : "; its stderr ends with:\n  " + String.join("\n  ", last);
        } catch (IOException e) {
            return "";
        }
    }

    private static String currentClasspath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader loader = WorkerLauncher.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Paths.get(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // Not a file: the child cannot use it anyway.
                    }
                }
            }
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Drains the child's stdout (so it never blocks on a full pipe) and keeps its last JSON line. */
    private static final class StdoutReader extends Thread {
        private final InputStream input;
        private volatile String lastJsonLine;

        StdoutReader(InputStream input) {
            super("benchmark-worker-stdout");
            setDaemon(true);
            this.input = input;
        }

        @Override
        public void run() {
            try {
                String text = new String(input.readAllBytes(), StandardCharsets.UTF_8);
                for (String line : text.split("\\R")) {
                    String trimmed = line.trim();
                    if (trimmed.startsWith("{") && trimmed.contains(BenchmarkResult.KIND)) {
                        lastJsonLine = trimmed;
                    }
                }
            } catch (IOException e) {
                // The process died; the exit status tells the caller.
            }
        }

        String lastJsonLine() {
            return lastJsonLine;
        }
    }
}

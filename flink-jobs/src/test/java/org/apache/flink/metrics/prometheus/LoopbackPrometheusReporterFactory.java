package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;

import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Flink's Prometheus reporter, serving on 127.0.0.1 and a port the system picks: the production
 * {@link PrometheusReporter} binds every interface on a configured port, which tests here must not
 * do. Everything a scrape shows (metric names, labels, values) comes from
 * {@link AbstractPrometheusReporter}, as in production; only the server's address differs. It lives
 * in Flink's package because the reporter's registry is package-private.
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {

    private static final List<Integer> PORTS = new CopyOnWriteArrayList<>();

    /** The ports of the reporters started in this JVM, oldest first. */
    public static List<Integer> ports() {
        return List.copyOf(PORTS);
    }

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new LoopbackPrometheusReporter();
    }

    private static final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {

        private final HTTPServer server;

        LoopbackPrometheusReporter() {
            try {
                server = new HTTPServer(new InetSocketAddress("127.0.0.1", 0), registry);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the Prometheus reporter on 127.0.0.1", e);
            }
            PORTS.add(server.getPort());
        }

        @Override
        public void close() {
            PORTS.remove(Integer.valueOf(server.getPort()));
            server.stop();
            super.close();
        }
    }
}

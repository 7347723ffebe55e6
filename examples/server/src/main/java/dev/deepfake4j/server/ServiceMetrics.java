package dev.deepfake4j.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * What {@code GET /metrics} shows, in the Prometheus text format: requests by endpoint and status, the time spent
 * scoring, and the score requests in flight. One registry per server (not the global default), so that two servers
 * in one JVM, or a test's servers, never mix counts. Thread-safe.
 */
final class ServiceMetrics {
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder()
            .name("deepfake4j_http_requests")
            .help("HTTP requests answered, by endpoint and status code")
            .labelNames("endpoint", "status")
            .register(registry);
    private final Histogram scoring = Histogram.builder()
            .name("deepfake4j_scoring_seconds")
            .help("Time one upload spent in the detector (successful or not, timed-out ones included)")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120)
            .register(registry);
    private final Gauge inFlight = Gauge.builder()
            .name("deepfake4j_score_requests_in_flight")
            .help("Score requests admitted and not yet answered (receiving, waiting or being scored)")
            .register(registry);

    void answered(String endpoint, int status) {
        requests.labelValues(endpoint, Integer.toString(status)).inc();
    }

    void scored(long nanos) {
        scoring.observe(nanos / 1e9);
    }

    void admitted() {
        inFlight.inc();
    }

    void done() {
        inFlight.dec();
    }

    byte[] scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, registry.scrape());
        return out.toByteArray();
    }
}

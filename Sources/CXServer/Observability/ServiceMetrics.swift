import Prometheus

/// The service's Prometheus metrics, exposed at `GET /metrics`.
///
/// A registry per application (not the process-global `MetricsSystem`), so several
/// applications in one test process keep separate counts.
public final class ServiceMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5), .seconds(10),
    ]
    private let writerQueueItems: Gauge
    private let writerFlushesInFlight: Gauge
    private let writerFlushItems: ValueHistogram

    public init() {
        writerQueueItems = registry.makeGauge(name: "cxloop_writer_queue_items", help: "Items waiting for the group-commit writer")
        writerFlushesInFlight = registry.makeGauge(name: "cxloop_writer_flushes_in_flight", help: "Group-commit transactions in progress")
        writerFlushItems = registry.makeValueHistogram(
            name: "cxloop_writer_flush_items", buckets: [1, 10, 100, 1000, 10_000, 100_000], help: "Items per group-commit transaction")
    }

    /// Counts a finished HTTP request and records its latency.
    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(name: "cxloop_http_requests_total", labels: labels, help: "HTTP requests handled").increment()
        registry.makeDurationHistogram(
            name: "cxloop_http_request_duration_seconds", labels: [("method", method), ("route", route)],
            buckets: latencyBuckets, help: "HTTP request latency"
        ).record(duration)
    }

    /// Counts items by kind (`responses`, `outcomes`) and result (`accepted`, `duplicate`, `rejected`).
    func recordItems(kind: String, result: String, count: Int) {
        guard count > 0 else { return }
        registry.makeCounter(
            name: "cxloop_ingest_items_total", labels: [("kind", kind), ("result", result)], help: "Ingested items by result"
        ).increment(by: Int64(count))
    }

    /// Records how many items wait for the group-commit writer.
    func writerQueued(items: Int) {
        writerQueueItems.set(Double(items))
    }

    /// Records the start (`items` > 0) or end (`nil`) of a group-commit transaction.
    func writerFlush(items: Int?) {
        if let items {
            writerFlushItems.record(Double(items))
            writerFlushesInFlight.set(1.0)
        } else {
            writerFlushesInFlight.set(0.0)
        }
    }

    /// Counts database-unavailable failures (requests answered 503).
    func recordUnavailable() {
        registry.makeCounter(name: "cxloop_database_unavailable_total", help: "Operations refused because the database was unavailable")
            .increment()
    }

    /// Prometheus text exposition of every metric.
    public func exposition() -> String {
        registry.emitToString()
    }
}

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
        writerQueueItems = registry.makeGauge(descriptor: Self.name("writer_queue", unit: "items", help: "Items waiting for the group-commit writer"))
        writerFlushesInFlight = registry.makeGauge(descriptor: Self.name("writer_flushes_in_flight", help: "Group-commit transactions in progress"))
        writerFlushItems = registry.makeValueHistogram(
            descriptor: Self.name("writer_flush", unit: "items", help: "Items per group-commit transaction"),
            buckets: [1, 10, 100, 1000, 10_000, 100_000])
    }

    /// `cxloop_<metric>_<unit>` with its help text.
    private static func name(_ metric: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "cxloop", metricName: metric, unitName: unit, helpText: help)
    }

    /// Counts a finished HTTP request and records its latency.
    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.name("http_requests", unit: "total", help: "HTTP requests handled"),
            labels: [("method", method), ("route", route), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name("http_request_duration", unit: "seconds", help: "HTTP request latency"),
            labels: [("method", method), ("route", route)], buckets: latencyBuckets
        ).record(duration)
    }

    /// Counts items by kind (`responses`, `outcomes`) and result (`accepted`, `duplicate`, `rejected`).
    func recordItems(kind: String, result: String, count: Int) {
        guard count > 0 else { return }
        registry.makeCounter(
            descriptor: Self.name("ingest_items", unit: "total", help: "Ingested items by result"),
            labels: [("kind", kind), ("result", result)]
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
        registry.makeCounter(
            descriptor: Self.name("database_unavailable", unit: "total", help: "Operations refused because the database was unavailable")
        ).increment()
    }

    /// Prometheus text exposition of every metric.
    public func exposition() -> String {
        registry.emitToString()
    }
}

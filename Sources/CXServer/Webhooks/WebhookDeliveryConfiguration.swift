import CXCore

/// Settings of the outbound webhook delivery worker (`cxloop serve`). Every key, its
/// environment variable and default is in README.md ("Webhooks").
public struct WebhookDeliveryConfiguration: Sendable {
    /// Whether `serve` runs the worker (`CXLOOP_WEBHOOK_DELIVERY=off` turns it off), default on.
    public var enabled = true
    /// Backoff and dead-letter policy (`CXLOOP_WEBHOOK_BACKOFF_BASE`, `CXLOOP_WEBHOOK_BACKOFF_CAP`
    /// in seconds, `CXLOOP_WEBHOOK_MAX_ATTEMPTS`), default 30 s doubling to 6 h, 15 attempts.
    public var retry = WebhookRetryPolicy.standard
    /// How long the worker sleeps when nothing is due, default 1 s.
    public var pollInterval: Duration = .seconds(1)
    /// Most deliveries claimed (and sent concurrently) at once, default 16.
    public var batchSize = 16
    /// How long a receiver has to answer, default 10 s.
    public var requestTimeout: Duration = .seconds(10)
    /// Tolerance of inbound `webhook-timestamp`, either way, default 5 minutes.
    public var inboundTolerance: Double = WebhookSignature.defaultTolerance

    public init() {}

    /// Seconds a claimed delivery is leased: past it, an attempt that never finished (a worker
    /// that died) is due again.
    var leaseSeconds: Double { Double(requestTimeout.components.seconds) + 30 }

    /// Applies `CXLOOP_WEBHOOK_*` environment variables over the defaults.
    mutating func apply(environment: [String: String]) {
        if environment["CXLOOP_WEBHOOK_DELIVERY"] == "off" { enabled = false }
        if let base = environment["CXLOOP_WEBHOOK_BACKOFF_BASE"].flatMap(Double.init), base > 0 { retry.baseSeconds = base }
        if let cap = environment["CXLOOP_WEBHOOK_BACKOFF_CAP"].flatMap(Double.init), cap > 0 { retry.capSeconds = cap }
        if let attempts = environment["CXLOOP_WEBHOOK_MAX_ATTEMPTS"].flatMap(Int.init), attempts > 0 { retry.maxAttempts = attempts }
    }
}

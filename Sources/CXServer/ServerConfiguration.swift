import CXDecide
/// Settings of the HTTP service. Every key, its environment variable and default is
/// documented in README.md ("Configuration"); flags override the environment.
public struct ServerConfiguration: Sendable {
    /// Address to bind (`--host`, `CXLOOP_HOST`), default 127.0.0.1.
    public var host: String = "127.0.0.1"
    /// Port to bind (`--port`, `CXLOOP_PORT`), default 8080; 0 picks a free port.
    public var port: Int = 8080
    /// Largest request body in bytes (`--max-body-bytes`, `CXLOOP_MAX_BODY_BYTES`), default 16 MiB.
    public var maxBodyBytes: Int = 16 * 1024 * 1024
    /// Most items in one request (`--max-batch-items`, `CXLOOP_MAX_BATCH_ITEMS`), default 10,000.
    public var maxBatchItems: Int = 10_000
    /// `Retry-After` seconds sent with 503 responses.
    public var retryAfterSeconds: Int = 5
    /// Seconds a connection may stay silent (idle keep-alive, or a stalled sender mid-head or
    /// mid-body) before it is closed (`--idle-timeout`, `CXLOOP_IDLE_TIMEOUT`), default 30.
    /// A request head counts as silence until it is complete, so a head trickled in slowly is
    /// cut off too.
    public var idleTimeoutSeconds: Int = 30
    /// Seconds a client may take to send a request body once the head has arrived
    /// (`--body-timeout`, `CXLOOP_BODY_TIMEOUT`), default 60; the connection is closed after.
    /// Bounds a body trickled in too slowly for the idle timeout to notice.
    public var bodyTimeoutSeconds: Int = 60
    /// Requests per second each API key may make on average, in bursts of one second's worth
    /// (`--rate-limit`, `CXLOOP_RATE_LIMIT`), default 5,000; 0 turns limiting off. Over it: 429.
    public var rateLimit: Double = 5_000
    /// Most items the writer combines into one transaction.
    public var maxItemsPerFlush: Int = 20_000
    /// The outbound webhook worker and inbound verification (`CXLOOP_WEBHOOK_*`).
    public var webhooks = WebhookDeliveryConfiguration()
    /// The decide engine's draws: random, or seeded for simulations and tests that must repeat
    /// (``DecisionDraws``; not settable from the environment).
    public var decisionDraws = DecisionDraws.random

    public init() {}

    /// Applies `CXLOOP_*` environment variables over the defaults.
    public static func fromEnvironment(_ environment: [String: String]) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        if let host = environment["CXLOOP_HOST"] { configuration.host = host }
        if let port = environment["CXLOOP_PORT"].flatMap(Int.init) { configuration.port = port }
        if let bytes = environment["CXLOOP_MAX_BODY_BYTES"].flatMap(Int.init) { configuration.maxBodyBytes = bytes }
        if let items = environment["CXLOOP_MAX_BATCH_ITEMS"].flatMap(Int.init) { configuration.maxBatchItems = items }
        if let rate = environment["CXLOOP_RATE_LIMIT"].flatMap(Double.init) { configuration.rateLimit = rate }
        if let seconds = environment["CXLOOP_IDLE_TIMEOUT"].flatMap(Int.init) { configuration.idleTimeoutSeconds = seconds }
        if let seconds = environment["CXLOOP_BODY_TIMEOUT"].flatMap(Int.init) { configuration.bodyTimeoutSeconds = seconds }
        configuration.webhooks.apply(environment: environment)
        return configuration
    }
}

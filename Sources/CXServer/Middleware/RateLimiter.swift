/// Per-key token buckets: each API key may make `rate` requests per second on average, in
/// bursts of up to `rate` (one second's worth). Buckets refill continuously.
actor RateLimiter {
    private struct Bucket {
        var tokens: Double
        var refilled: ContinuousClock.Instant
    }

    let rate: Double
    private let clock = ContinuousClock()
    private var buckets: [String: Bucket] = [:]

    /// - Precondition: `rate` > 0.
    init(requestsPerSecond rate: Double) {
        precondition(rate > 0, "a rate limit must be positive")
        self.rate = rate
    }

    private var burst: Double { max(1, rate) }

    /// Takes a token for `key`; nil when allowed, else the whole seconds until one is available.
    func acquire(_ key: String) -> Int? {
        let now = clock.now
        var bucket = buckets[key] ?? Bucket(tokens: burst, refilled: now)
        let elapsed = bucket.refilled.duration(to: now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        bucket.tokens = min(burst, bucket.tokens + seconds * rate)
        bucket.refilled = now
        defer { buckets[key] = bucket }
        guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))) }
        bucket.tokens -= 1
        return nil
    }
}

/// When a failed delivery is tried again: exponential backoff `base · 2^(attempt−1)`, capped,
/// less a random share of up to `jitter` (so receivers coming back are not hit by every
/// sender at once); after `maxAttempts` failed attempts the delivery is dead.
public struct WebhookRetryPolicy: Sendable, Equatable {
    /// Delay after the first failure, in seconds.
    public var baseSeconds: Double
    /// Longest delay between two attempts, in seconds.
    public var capSeconds: Double
    /// Share of the delay (0–1) randomly taken off.
    public var jitter: Double
    /// Attempts in all before a delivery is moved to `dead`.
    public var maxAttempts: Int

    /// 30 s, doubling to at most 6 h, 20% jitter, 15 attempts: about a day and a half of retries.
    public static let standard = WebhookRetryPolicy(baseSeconds: 30, capSeconds: 6 * 3600, jitter: 0.2, maxAttempts: 15)

    public init(baseSeconds: Double, capSeconds: Double, jitter: Double, maxAttempts: Int) {
        self.baseSeconds = baseSeconds
        self.capSeconds = capSeconds
        self.jitter = jitter
        self.maxAttempts = maxAttempts
    }

    /// Seconds to wait after failed attempt number `attempt` (1-based), or nil when that was
    /// the last one. `random` is a number in [0, 1).
    public func delay(afterAttempt attempt: Int, random: Double = Double.random(in: 0..<1)) -> Double? {
        guard attempt < maxAttempts else { return nil }
        let exponential = baseSeconds * pow2(attempt - 1)
        return min(exponential, capSeconds) * (1 - jitter * random)
    }

    private func pow2(_ exponent: Int) -> Double {
        exponent >= 62 ? .infinity : Double(1 << max(0, exponent))
    }
}

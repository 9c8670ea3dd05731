/// Everything the load run observed: which submission ids were acknowledged, every answer's
/// status and latency, and the acknowledged requests that replays are drawn from.
actor LoadLedger {
    /// Outcome of one attempt, as the worker classified it.
    enum Answer: Sendable {
        case acknowledged(accepted: Int, duplicates: Int)
        case refused(status: Int)
        /// 503, another 5xx or 429, with its `Retry-After` seconds when given.
        case retryable(status: Int, retryAfter: Double?)
        case connectionError
    }

    private let start: ContinuousClock.Instant
    private var nextTicket = 0
    private(set) var attempts = 0
    /// Requests answered for good (acknowledged or refused), retries not counted.
    private(set) var completed = 0
    private(set) var statusCounts: [Int: Int] = [:]
    private(set) var connectionErrors = 0
    private(set) var unavailableWithoutRetryAfter = 0
    /// Requests of a kind answered as they must be (2xx for valid and replays, 4xx for invalid).
    private(set) var correct: [PlannedRequest.Kind: Int] = [:]
    /// Answers that break the contract: an invalid request acknowledged, a valid one refused.
    private(set) var wrongAnswers = 0
    /// Items a replay reported as newly accepted (each one a duplicate).
    private(set) var replayAccepted = 0
    /// Requests still unacknowledged when retrying stopped, and their items.
    private(set) var abandonedRequests = 0
    private(set) var abandonedItems = 0
    /// `acknowledged[n]` tells whether `prefix-n` was in an acknowledged request.
    private(set) var acknowledged: [Bool] = []
    /// Attempt latencies in milliseconds, one array per minute of the run.
    private(set) var latenciesByMinute: [[Double]] = []
    /// Per second of the run: acknowledged answers, 503 answers and connection errors.
    private(set) var perSecond = Timeline()
    private var replayable: [PlannedRequest] = []

    struct Timeline: Sendable {
        var acknowledged: [Int] = []
        var unavailable: [Int] = []
        var connectionErrors: [Int] = []

        mutating func count(_ keyPath: WritableKeyPath<Timeline, [Int]>, second: Int) {
            while self[keyPath: keyPath].count <= second { self[keyPath: keyPath].append(0) }
            self[keyPath: keyPath][second] += 1
        }
    }

    init(start: ContinuousClock.Instant) {
        self.start = start
    }

    /// The next ticket number (requests are numbered in the order workers take them).
    func takeTicket() -> Int {
        defer { nextTicket += 1 }
        return nextTicket
    }

    /// An acknowledged request to send again, chosen by `ticket`; nil before the first one.
    func replay(for ticket: Int) -> PlannedRequest? {
        guard !replayable.isEmpty else { return nil }
        var request = replayable[ticket % replayable.count]
        request.kind = .replay
        return request
    }

    /// Records one attempt of `request` and what it got.
    func record(_ request: PlannedRequest, answer: Answer, latencyMilliseconds: Double, at instant: ContinuousClock.Instant) {
        attempts += 1
        let elapsed = instant - start
        let second = Int(elapsed.components.seconds)
        let minute = second / 60
        while latenciesByMinute.count <= minute { latenciesByMinute.append([]) }
        latenciesByMinute[minute].append(latencyMilliseconds)
        switch answer {
        case .acknowledged(let accepted, _):
            completed += 1
            statusCounts[200, default: 0] += 1
            perSecond.count(\.acknowledged, second: second)
            if request.kind == .invalid {
                wrongAnswers += 1
                return
            }
            correct[request.kind, default: 0] += 1
            if request.kind == .replay { replayAccepted += accepted }
            markAcknowledged(request.items)
            if request.kind != .replay && replayable.count < 1_000 { replayable.append(request) }
        case .refused(let status):
            completed += 1
            statusCounts[status, default: 0] += 1
            if request.kind == .invalid { correct[.invalid, default: 0] += 1 } else { wrongAnswers += 1 }
        case .retryable(let status, let retryAfter):
            statusCounts[status, default: 0] += 1
            if status == 503 {
                perSecond.count(\.unavailable, second: second)
                if retryAfter == nil { unavailableWithoutRetryAfter += 1 }
            }
        case .connectionError:
            connectionErrors += 1
            perSecond.count(\.connectionErrors, second: second)
        }
    }

    /// Records a request given up on.
    func abandon(_ request: PlannedRequest) {
        abandonedRequests += 1
        abandonedItems += request.items.count
    }

    private func markAcknowledged(_ items: Range<Int>) {
        if acknowledged.count < items.upperBound {
            acknowledged.append(contentsOf: repeatElement(false, count: items.upperBound - acknowledged.count))
        }
        for item in items { acknowledged[item] = true }
    }
}

import BenchmarkSupport
import Foundation

/// What one load run found, compared with the stored rows: printed as one JSON object.
struct LoadReport: Encodable {
    var seconds: Double
    var startEpoch: Double
    /// HTTP attempts, retries included.
    var requests: Int
    /// Requests answered for good per second of load.
    var requestsPerSecond: Double
    /// Valid submission ids in an acknowledged (2xx) request.
    var acknowledged: Int
    /// Valid submission ids with a row.
    var stored: Int
    /// Acknowledged ids without a row.
    var lost: Int
    /// Rows beyond one per id, plus items a replay reported as newly accepted.
    var duplicated: Int
    /// Stored ids never acknowledged (possible only for requests given up on).
    var storedUnacknowledged: Int
    var invalidStored: Int
    var status5xx: Int
    var status503: Int
    var unavailableWithoutRetryAfter: Int
    var status429: Int
    var connectionErrors: Int
    /// Invalid requests acknowledged or valid ones refused.
    var wrongAnswers: Int
    var abandonedRequests: Int
    var abandonedItems: Int
    var answeredAsExpected: [String: Int]
    var p50Ms: Double
    var p99Ms: Double
    var p99MsByMinute: [Double]
    /// Server VmRSS (KiB) at the start and after every minute.
    var rssKib: [Int?]
    var acknowledgedPerSecond: [Int]
    var unavailablePerSecond: [Int]
    var connectionErrorsPerSecond: [Int]
    /// No acknowledged row lost or duplicated, nothing invalid stored, every answer as the
    /// contract says (503s with Retry-After), nothing given up on.
    var consistent: Bool

    init(options: LoadOptions, startEpoch: Double, ledger: LoadLedger, stored: StoredSubmissions?, rss: [Int?]) async {
        seconds = options.seconds
        self.startEpoch = startEpoch
        requests = await ledger.attempts
        requestsPerSecond = Double(await ledger.completed) / options.seconds
        let acknowledgedItems = await ledger.acknowledged
        acknowledged = acknowledgedItems.lazy.filter { $0 }.count
        let rows = stored?.rowsPerItem ?? [:]
        self.stored = rows.count
        lost = stored == nil ? 0 : acknowledgedItems.indices.lazy.filter { acknowledgedItems[$0] && rows[$0] == nil }.count
        duplicated = rows.values.reduce(0) { $0 + max(0, $1 - 1) } + (await ledger.replayAccepted)
        storedUnacknowledged = rows.keys.lazy.filter { $0 >= acknowledgedItems.count || !acknowledgedItems[$0] }.count
        invalidStored = stored?.invalidRows ?? 0
        let statuses = await ledger.statusCounts
        status5xx = statuses.filter { $0.key >= 500 }.values.reduce(0, +)
        status503 = statuses[503] ?? 0
        status429 = statuses[429] ?? 0
        unavailableWithoutRetryAfter = await ledger.unavailableWithoutRetryAfter
        connectionErrors = await ledger.connectionErrors
        wrongAnswers = await ledger.wrongAnswers
        abandonedRequests = await ledger.abandonedRequests
        abandonedItems = await ledger.abandonedItems
        answeredAsExpected = Dictionary(uniqueKeysWithValues: await ledger.correct.map { ($0.key.rawValue, $0.value) })
        let byMinute = await ledger.latenciesByMinute
        let all = Samples(milliseconds: byMinute.flatMap { $0 })
        p50Ms = all.quantile(0.5)
        p99Ms = all.quantile(0.99)
        p99MsByMinute = byMinute.map { Samples(milliseconds: $0).quantile(0.99) }
        rssKib = rss
        let timeline = await ledger.perSecond
        acknowledgedPerSecond = timeline.acknowledged
        unavailablePerSecond = timeline.unavailable
        connectionErrorsPerSecond = timeline.connectionErrors
        consistent = lost == 0 && duplicated == 0 && invalidStored == 0 && wrongAnswers == 0
            && unavailableWithoutRetryAfter == 0 && abandonedRequests == 0
    }

    /// The report as one line of JSON with snake_case keys.
    var json: String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "null")
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    /// A few lines for people (stderr).
    var summary: String {
        """
        requests \(requests) (\(String(format: "%.0f", requestsPerSecond))/s answered), acknowledged \(acknowledged), \
        stored \(stored), lost \(lost), duplicated \(duplicated), invalid stored \(invalidStored)
        5xx \(status5xx) (503 \(status503), without Retry-After \(unavailableWithoutRetryAfter)), 429 \(status429), \
        connection errors \(connectionErrors), wrong answers \(wrongAnswers), abandoned \(abandonedRequests)
        p50 \(String(format: "%.1f", p50Ms)) ms, p99 \(String(format: "%.1f", p99Ms)) ms; consistent: \(consistent)
        """
    }
}

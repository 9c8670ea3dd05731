import BenchmarkSupport

/// The command line of `ReliabilityLoad`.
struct LoadOptions: BenchmarkCommandLine {
    var url = "http://127.0.0.1:18090"
    var key = ""
    var tenant = ""
    /// Embedded cluster whose `submissions` are checked at the end (`--home`).
    var home = "/tmp/cxloop-reliability"
    /// Prefix of every submission id of this run, so runs in one tenant do not mix.
    var prefix = "r"
    /// Seconds of load.
    var seconds = 10.0
    /// Target requests per second; 0 sends as fast as `connections` allow.
    var rate = 0.0
    /// Requests in flight at most.
    var connections = 32
    /// Items of an NDJSON batch request.
    var batchSize = 20
    /// How long after the load a request not yet acknowledged is still retried.
    var retrySeconds = 60.0
    /// Longest pause between retries, whatever `Retry-After` says.
    var maxBackoffSeconds = 1.0
    /// Server process whose VmRSS is sampled every minute (0: none).
    var serverPID = 0
    /// Skip the comparison with the stored rows (e.g. when measuring the maximum rate).
    var skipVerify = false

    static let usage = """
        USAGE: ReliabilityLoad --key KEY --tenant T [--url URL] [--home DIR] [--prefix P]
                               [--seconds S] [--rate R] [--connections C] [--batch-size N]
                               [--retry-seconds S] [--max-backoff S] [--server-pid PID] [--skip-verify]

        Sends POST /v1/responses for S seconds at R requests/s (0: as fast as C connections allow):
        of every 10 requests 6 single objects, 2 NDJSON batches of N items, 1 replay of an
        acknowledged request (same submission ids: must answer accepted 0) and 1 request with an
        invalid item (must be refused with 4xx). Submission ids are P-<n> (valid) and P-x<n>
        (invalid), in order. A request answered 503, 5xx, 429 or by a connection error is resent
        unchanged (honouring Retry-After up to --max-backoff) until it is acknowledged or
        --retry-seconds after the load. At the end the tenant's stored P-… submission ids
        (embedded cluster under --home) are compared with the acknowledged ones. One JSON object
        goes to stdout, progress to stderr.

        --url URL           server (default http://127.0.0.1:18090)
        --key KEY           API key with the ingest scope
        --tenant T          the key's tenant (for the check of stored rows)
        --home DIR          embedded cluster home (default /tmp/cxloop-reliability)
        --prefix P          submission id prefix (default r)
        --seconds S         seconds of load (default 10)
        --rate R            requests per second (default 0: as fast as possible)
        --connections C     requests in flight at most (default 32)
        --batch-size N      items per NDJSON batch (default 20)
        --retry-seconds S   keep retrying unacknowledged requests this long after the load (default 60)
        --max-backoff S     longest pause between retries (default 1)
        --server-pid PID    sample this process's VmRSS every minute
        --skip-verify       do not compare with the stored rows
        """

    /// Parses `arguments` (without the program name).
    /// - Throws: `UsageError` with a sentence for the user; `.help` for `--help`.
    static func parse(_ arguments: [String]) throws(UsageError) -> LoadOptions {
        var options = LoadOptions()
        var reader = ArgumentReader(arguments)
        while let name = reader.next() {
            switch name {
            case "--url": options.url = try reader.value()
            case "--key": options.key = try reader.value()
            case "--tenant": options.tenant = try reader.value()
            case "--home": options.home = try reader.value()
            case "--prefix": options.prefix = try reader.value()
            case "--seconds": options.seconds = try number(&reader, 0.1...86_400)
            case "--rate": options.rate = try number(&reader, 0...1_000_000)
            case "--connections": options.connections = try reader.integer(1...4_096)
            case "--batch-size": options.batchSize = try reader.integer(2...10_000)
            case "--retry-seconds": options.retrySeconds = try number(&reader, 0...3_600)
            case "--max-backoff": options.maxBackoffSeconds = try number(&reader, 0...60)
            case "--server-pid": options.serverPID = try reader.integer(0...Int(Int32.max))
            case "--skip-verify": options.skipVerify = true
            case "--help", "-h": throw .help
            default: throw reader.unknown
            }
        }
        if options.key.isEmpty { throw UsageError("--key is required") }
        if options.tenant.isEmpty && !options.skipVerify { throw UsageError("--tenant is required unless --skip-verify") }
        return options
    }

    private static func number(_ reader: inout ArgumentReader, _ range: ClosedRange<Double>) throws(UsageError) -> Double {
        let name = reader.name
        let text = try reader.value()
        guard let value = Double(text), range.contains(value) else {
            throw UsageError("\(name) must be a number in \(range.lowerBound)…\(range.upperBound), not '\(text)'")
        }
        return value
    }
}

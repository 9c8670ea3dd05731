import AsyncHTTPClient
import BenchmarkSupport
import Foundation
import Logging
import NIOCore

// ReliabilityLoad: the rate-controlled ingestion client of Benchmarks/reliability.sh. Sends a
// mix of single, batch, replayed and invalid responses, retries what was not acknowledged with
// the same submission ids, and compares the acknowledged ids with the stored rows.
// See Benchmarks/README.md ("Reliability").

let options = BenchmarkMain.options(LoadOptions.self)
let logger = BenchmarkMain.logger("reliability-load", level: "warning")

var configuration = HTTPClient.Configuration()
configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: options.connections)
configuration.timeout = .init(connect: .seconds(2), read: .seconds(30))
let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
let startEpoch = Date().timeIntervalSince1970
let sampler = MemorySampler(pid: options.serverPID, interval: .seconds(60))
let sampling = Task { () async -> [Int?] in options.serverPID > 0 ? await sampler.run() : [] }
let ledger = await LoadRunner(
    options: options, generator: WorkloadGenerator(prefix: options.prefix, batchSize: options.batchSize), client: client
).run()
sampling.cancel()
var rss = await sampling.value
if options.serverPID > 0 { rss.append(sampler.residentKiB()) }
try? await client.shutdown().get()

do {
    let stored = options.skipVerify
        ? nil : try await StoredSubmissions.read(home: options.home, tenant: options.tenant, prefix: options.prefix, logger: logger)
    let report = await LoadReport(options: options, startEpoch: startEpoch, ledger: ledger, stored: stored, rss: rss)
    Console.error(report.summary)
    print(report.json)
} catch {
    Console.error("error: \(error)")
    exit(1)
}

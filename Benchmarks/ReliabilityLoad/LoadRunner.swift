import AsyncHTTPClient
import BenchmarkSupport
import Foundation
import NIOCore
import NIOHTTP1

/// Sends the workload at the requested rate and records every answer in a ``LoadLedger``.
///
/// `connections` workers take tickets in turn; with a rate, ticket t is not sent before
/// start + t/rate (an open schedule: a slow answer delays one worker, not the plan, until
/// every worker is busy). A request that gets 503, another 5xx, 429 or a connection error
/// is resent unchanged — the same submission ids are its idempotency key — after
/// `Retry-After` (at most `maxBackoffSeconds`), until acknowledged or the retry deadline.
struct LoadRunner: Sendable {
    let options: LoadOptions
    let generator: WorkloadGenerator
    let client: HTTPClient

    /// Runs the load and returns what it observed.
    func run() async -> LoadLedger {
        let start = ContinuousClock.now
        let ledger = LoadLedger(start: start)
        let end = start.advanced(by: .seconds(options.seconds))
        let retryDeadline = end.advanced(by: .seconds(options.retrySeconds))
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<options.connections {
                group.addTask {
                    while true {
                        let ticket = await ledger.takeTicket()
                        let scheduled = options.rate > 0 ? start.advanced(by: .seconds(Double(ticket) / options.rate)) : .now
                        guard scheduled < end, ContinuousClock.now < end else { return }
                        if scheduled > .now { try? await Task.sleep(until: scheduled) }
                        var request = generator.request(for: ticket)
                        if generator.kind(of: ticket) == .replay {
                            request = await ledger.replay(for: ticket) ?? generator.invalid(ticket)
                        }
                        await send(request, ledger: ledger, until: retryDeadline)
                    }
                }
            }
        }
        return ledger
    }

    private func send(_ planned: PlannedRequest, ledger: LoadLedger, until deadline: ContinuousClock.Instant) async {
        var request = HTTPClientRequest(url: options.url + "/v1/responses")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: planned.contentType)
        request.headers.add(name: "Authorization", value: "Bearer \(options.key)")
        request.body = .bytes(ByteBuffer(bytes: planned.body))
        while true {
            let sent = ContinuousClock.now
            let answer = await attempt(request)
            let received = ContinuousClock.now
            await ledger.record(planned, answer: answer, latencyMilliseconds: (received - sent).milliseconds, at: received)
            let pause: Double
            switch answer {
            case .acknowledged, .refused: return
            case .retryable(_, let retryAfter): pause = min(retryAfter ?? options.maxBackoffSeconds, options.maxBackoffSeconds)
            case .connectionError: pause = min(0.1, options.maxBackoffSeconds)
            }
            guard received.advanced(by: .seconds(pause)) < deadline else {
                await ledger.abandon(planned)
                return
            }
            try? await Task.sleep(for: .seconds(pause))
        }
    }

    private func attempt(_ request: HTTPClientRequest) async -> LoadLedger.Answer {
        do {
            let response = try await client.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 20)
            let status = Int(response.status.code)
            switch status {
            case 200..<300:
                let summary = try? JSONDecoder().decode(Summary.self, from: Data(body.readableBytesView))
                return .acknowledged(accepted: summary?.accepted ?? 0, duplicates: summary?.duplicates ?? 0)
            case 429, 500...:
                return .retryable(status: status, retryAfter: response.headers.first(name: "Retry-After").flatMap(Double.init))
            default:
                return .refused(status: status)
            }
        } catch {
            return .connectionError
        }
    }

    private struct Summary: Decodable {
        var accepted: Int
        var duplicates: Int
    }
}

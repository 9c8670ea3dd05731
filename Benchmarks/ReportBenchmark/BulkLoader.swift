import BenchmarkSupport
import CXCore
import CXServer
import Foundation

/// Loads the synthetic responses through the import path — what `cxloop import` does:
/// `Ingestor.ingestResponses(_:tenant:skipInvalid: true)` per chunk, through the
/// group-commit writer — with `concurrency` chunks in flight (each generated and validated
/// in its own task while the writer commits the previous one). Reports progress on stderr.
struct BulkLoader: Sendable {
    /// What a load achieved.
    struct Summary: Sendable {
        var responses = 0
        var answers = 0
        var accepted = 0
        var duplicates = 0
        var rejected = 0
        var firstProblem: String?
        var duration: Duration = .zero

        var answersPerSecond: Double { Double(answers) / duration.seconds }
    }

    let ingestor: Ingestor
    let tenant: String
    let data: SyntheticResponses
    let chunk: Int
    let concurrency: Int
    /// Seconds between progress lines.
    var progressInterval: Double = 5

    func load() async throws -> Summary {
        let clock = ContinuousClock()
        let started = clock.now
        var summary = Summary()
        var lastReport = (time: started, answers: 0)
        let chunks = stride(from: 0, to: data.count, by: chunk).map { $0..<min($0 + chunk, data.count) }
        try await withThrowingTaskGroup(of: Summary.self) { group in
            var next = chunks.makeIterator()
            func start() {
                guard let range = next.next() else { return }
                group.addTask { try await self.load(range) }
            }
            for _ in 0..<concurrency { start() }
            while let done = try await group.next() {
                start()
                summary.add(done)
                let now = clock.now
                if (now - lastReport.time).seconds >= progressInterval {
                    let interval = (now - lastReport.time).seconds
                    let recent = Double(summary.answers - lastReport.answers) / interval
                    let elapsed = (now - started).seconds
                    Console.error("""
                        loaded \(Console.grouped(summary.answers)) answers \
                        (\(Console.grouped(summary.responses)) responses, \
                        \(Console.fixed(100 * Double(summary.responses) / Double(data.count), 1))%) \
                        in \(Console.fixed(elapsed, 0)) s: \(Console.grouped(Int(Double(summary.answers) / elapsed))) answers/s \
                        (last \(Console.fixed(interval, 0)) s: \(Console.grouped(Int(recent)))/s)
                        """)
                    lastReport = (now, summary.answers)
                }
            }
        }
        summary.duration = clock.now - started
        return summary
    }

    /// Generates and ingests one chunk.
    private func load(_ range: Range<Int>) async throws -> Summary {
        let (items, answers) = data.items(range)
        let report = try await ingestor.ingestResponses(items, tenant: tenant, firstIndex: range.lowerBound, skipInvalid: true)
        let rejected = Set(report.rejected.compactMap(\.index)).count
        return Summary(
            responses: range.count, answers: answers, accepted: report.summary.accepted,
            duplicates: report.summary.duplicates, rejected: rejected,
            firstProblem: report.rejected.first.map { "item \($0.index ?? -1) \($0.field): \($0.message)" })
    }
}

extension BulkLoader.Summary {
    mutating func add(_ other: Self) {
        responses += other.responses
        answers += other.answers
        accepted += other.accepted
        duplicates += other.duplicates
        rejected += other.rejected
        firstProblem = firstProblem ?? other.firstProblem
    }
}

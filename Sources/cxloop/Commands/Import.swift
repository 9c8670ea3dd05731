import ArgumentParser
import CXCore
import CXServer
import CXStore
import Foundation

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import responses or outcomes from an NDJSON or CSV file.",
        discussion: """
            Items go through the same validation and group-commit writer as the HTTP API, so \
            replays count as duplicates. Invalid rows are reported with their line number and \
            skipped; the valid rows of each chunk are written in one transaction. Exits 65 when \
            any row was rejected.

            CSV columns: responses — survey, submission_id, respondent, submitted_at, status, \
            answer.<field>…, attr.<name>…; outcomes — event_id, unit, type, value, occurred_at, \
            attr.<name>…

            Examples:
              cxloop import responses week45.ndjson --tenant acme
              cxloop import outcomes purchases.csv
            """)

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case responses
        case outcomes
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "responses or outcomes.") var kind: Kind
    @Argument(help: "NDJSON file (.ndjson/.jsonl/.json) or CSV file (.csv).") var file: String
    @Option(help: "Tenant (default: the only tenant).") var tenant: String?
    @Option(help: "Rows per transaction.") var chunk: Int = 1000

    func validate() throws {
        guard chunk >= 1, chunk <= 10_000 else { throw ValidationError("--chunk must be 1–10000") }
    }

    func run() async throws {
        let logger = global.logger()
        let (summary, rejected) = try await global.withTenant(tenant, logger: logger) { database, tenant in
            // CSV answer cells are typed by their survey's fields (text stays text).
            let surveys = try await PostgresSurveyRepository(database: database).list(tenant: tenant)
            let lines = try FileItems.read(
                file, csvKind: kind == .responses ? .responses : .outcomes,
                surveys: Dictionary(uniqueKeysWithValues: surveys.map { ($0.key, $0.definition) }))
            let writer = GroupCommitWriter(store: PostgresIngestStore(database: database), logger: logger)
            let ingestor = Ingestor(surveys: PostgresSurveyRepository(database: database), writer: writer)
            var summary = IngestSummary(accepted: 0, duplicates: 0)
            var rejected = lines.malformed
            for start in stride(from: 0, to: lines.items.count, by: chunk) {
                let slice = Array(lines.items[start..<min(start + chunk, lines.items.count)])
                let items = slice.map(\.item)
                let report = kind == .responses
                    ? try await ingestor.ingestResponses(items, tenant: tenant, skipInvalid: true)
                    : try await ingestor.ingestOutcomes(items, tenant: tenant, skipInvalid: true)
                summary.accepted += report.summary.accepted
                summary.duplicates += report.summary.duplicates
                rejected += report.rejected.map { issue in
                    (line: slice[issue.index ?? 0].line, message: issue.field.isEmpty ? issue.message : "\(issue.field): \(issue.message)")
                }
                Progress.line("\(kind.rawValue): \(min(start + chunk, lines.items.count))/\(lines.items.count) rows")
            }
            Progress.finish()
            return (summary, rejected)
        }
        let rejectedLines = Set(rejected.map(\.line)).count
        print("accepted \(summary.accepted), duplicates \(summary.duplicates), rejected \(rejectedLines)")
        for problem in rejected.sorted(by: { $0.line < $1.line }).prefix(50) {
            print("  line \(problem.line): \(problem.message)")
        }
        if rejected.count > 50 { print("  … and \(rejected.count - 50) more") }
        if !rejected.isEmpty { throw ExitCode(65) }
    }
}

/// The items of an import file with their line numbers, and the lines that were not JSON.
struct FileItems {
    var items: [(line: Int, item: JSONValue)] = []
    var malformed: [(line: Int, message: String)] = []

    static func read(_ path: String, csvKind: CSVItemMapper.Kind, surveys: [String: SurveyDefinition]) throws -> FileItems {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var result = FileItems()
        if path.lowercased().hasSuffix(".csv") {
            result.items = try CSVItemMapper.items(from: text, kind: csvKind, surveys: surveys)
            return result
        }
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            do {
                let parsed = try BatchParser.parse(Data(line.utf8), ndjson: true)
                result.items += parsed.map { (offset + 1, $0) }
            } catch {
                result.malformed.append((offset + 1, error.message.replacingOccurrences(of: "line 1: ", with: "")))
            }
        }
        return result
    }
}

/// A progress line on stderr, rewritten in place when stderr is a terminal.
enum Progress {
    static func line(_ text: String) {
        guard isatty(STDERR_FILENO) != 0 else { return }
        FileHandle.standardError.write(Data("\r\(text)".utf8))
    }

    static func finish() {
        guard isatty(STDERR_FILENO) != 0 else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}

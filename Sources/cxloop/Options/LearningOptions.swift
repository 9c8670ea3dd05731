import ArgumentParser
import CXCore
import CXDecide
import CXReports
import Foundation

/// Which logged decisions the learning commands read (`models fit`, `weights tune|propose`).
struct LearningOptions: ParsableArguments {
    /// The learning commands read every decision of the period and their outcomes.
    static let operationTimeout = Duration.seconds(600)

    @Option(help: "Read decisions made in the last N days before --as-of.")
    var sinceDays: Int = 90

    @Option(help: "Read as of this time (RFC 3339; default now).")
    var asOf: String?

    @Option(help: "Tenant (default: the only tenant).")
    var tenant: String?

    func validate() throws {
        guard sinceDays > 0 else { throw ValidationError("--since-days must be at least 1, not \(sinceDays)") }
        _ = try period()
    }

    /// [since, asOf).
    func period(now: Date = Date()) throws -> (since: Date, asOf: Date) {
        var end = now
        if let asOf {
            guard let parsed = Timestamp.parse(asOf) else {
                throw ValidationError("--as-of must be an RFC 3339 time such as 2026-11-30T00:00:00Z, not '\(asOf)'")
            }
            end = parsed
        }
        return (end.addingTimeInterval(-Double(sinceDays) * 86_400), end)
    }
}

/// The screening settings of `weights tune` and `weights propose`.
struct TuningOptions: ParsableArguments {
    @Option(help: "Candidate weight vectors to draw around production.")
    var candidates: Int = 256

    @Option(help: "Half-width of the box around production, in units of its score scale.")
    var radius: Double = 1

    @Option(help: "Guardrail objectives (objective names, or the metrics csat, contacts, cost).")
    var guardrails: String = "satisfaction,effort"

    @Option(help: "Smallest effective sample size a candidate's evaluation may rest on.")
    var minEss: Double = 100

    @Option(help: "Share of production's guardrail value a candidate may lose (one-sided 95% bound).")
    var tolerance: Double = 0.05

    func validate() throws {
        guard (1...10_000).contains(candidates) else { throw ValidationError("--candidates must be 1–10000, not \(candidates)") }
        guard radius.isFinite, radius > 0 else { throw ValidationError("--radius must be a positive number, not \(radius)") }
        guard minEss.isFinite, minEss >= 0 else { throw ValidationError("--min-ess must be ≥ 0, not \(minEss)") }
        guard tolerance.isFinite, tolerance >= 0 else { throw ValidationError("--tolerance must be ≥ 0, not \(tolerance)") }
        _ = try parsedGuardrails()
    }

    /// `--guardrails` as objectives: `csat` is satisfaction, `contacts` effort.
    func parsedGuardrails() throws -> [Objective] {
        try guardrails.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { name in
            let objective = Objective(["csat": "satisfaction", "contacts": "effort"][name] ?? name)
            guard objective.isValid else { throw ValidationError("--guardrails: '\(name)' is not an objective name") }
            return objective
        }
    }

    func settings(top: Int) throws -> WeightTuner.Settings {
        var settings = WeightTuner.Settings()
        settings.candidates = candidates
        settings.radius = radius
        settings.guardrails = try parsedGuardrails()
        settings.minimumEffectiveSampleSize = minEss
        settings.guardrailTolerance = tolerance
        settings.top = top
        return settings
    }
}

extension ReportError {
    /// Writes the error to stderr (prefixed by what it is about) and returns its exit code:
    /// 64 for usage, 65 for data.
    func exit(about subject: String? = nil) -> ExitCode {
        FileHandle.standardError.write(Data("Error: \(subject.map { "\($0): " } ?? "")\(message)\n".utf8))
        return ExitCode(code == .usage ? 64 : 65)
    }
}

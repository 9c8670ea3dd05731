import Foundation

/// An experiment (DESIGN.md §7): arms with traffic shares, an optional per-experiment holdout,
/// the salt of its GrowthBook-compatible bucketing, the unit it randomises and the metrics it
/// is judged on.
public struct ExperimentDefinition: Sendable, Hashable, Codable {
    /// One arm and its share, in percent of the units the experiment covers.
    public struct Arm: Sendable, Hashable, Codable {
        public var name: String
        public var share: Double

        public init(name: String, share: Double) {
            self.name = name
            self.share = share
        }
    }

    /// What is randomised.
    public enum Unit: String, Sendable, Hashable, Codable, CaseIterable {
        case customer
        case employee
    }

    public var key: String
    public var arms: [Arm]
    /// Percent of units kept out of every arm (0 ≤ H < 100): GrowthBook coverage 1 − H/100.
    public var holdoutPercent: Double
    /// The hash seed; the key unless given.
    public var salt: String
    public var unit: Unit
    /// The metric the verdict is about (e.g. `nps`), if named.
    public var primaryMetric: String?
    /// Metrics that must not get worse; they are outside the Holm family.
    public var guardrails: [String]
    /// When assignment starts; units asking earlier get no arm.
    public var start: Date?

    public init(key: String, arms: [Arm], holdoutPercent: Double = 0, salt: String? = nil, unit: Unit = .customer,
                primaryMetric: String? = nil, guardrails: [String] = [], start: Date? = nil) {
        self.key = key
        self.arms = arms
        self.holdoutPercent = holdoutPercent
        self.salt = salt ?? key
        self.unit = unit
        self.primaryMetric = primaryMetric
        self.guardrails = guardrails
        self.start = start
    }

    /// GrowthBook's coverage: the share of units that enter an arm.
    public var coverage: Double { 1 - holdoutPercent / 100 }

    /// The arms' ranges on the bucket line (GrowthBook `getBucketRanges`).
    public var bucketRanges: BucketRanges {
        BucketRanges(count: arms.count, coverage: coverage, weights: arms.map { $0.share / 100 })
    }

    /// Every rule a definition must satisfy, as validation issues naming the field: a valid
    /// key, 2–20 arms with unique valid names (none called `holdout`), shares > 0 summing to
    /// 100 (± 0.01), a holdout in [0, 100), a salt of 1–200 characters, and a primary metric and
    /// guardrails that are ``ExperimentMetric`` names (no metric both).
    public var issues: [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func fail(_ field: String, _ message: String) {
            issues.append(ValidationIssue(index: nil, field: field, message: message))
        }
        if !SurveyDefinition.isValidIdentifier(key) {
            fail("key", "must be 1–64 letters, digits, '_' or '-' starting with a letter or digit")
        }
        if !(2...20).contains(arms.count) { fail("arms", "must have 2–20 arms, got \(arms.count)") }
        var seen: Set<String> = []
        for (index, arm) in arms.enumerated() {
            if !SurveyDefinition.isValidIdentifier(arm.name) {
                fail("arms[\(index)].name", "must be 1–64 letters, digits, '_' or '-' starting with a letter or digit")
            } else if arm.name == "holdout" {
                fail("arms[\(index)].name", "'holdout' is reserved for units outside every arm; use --holdout")
            } else if !seen.insert(arm.name).inserted {
                fail("arms[\(index)].name", "duplicate arm '\(arm.name)'")
            }
            if !(arm.share > 0 && arm.share <= 100) { fail("arms[\(index)].share", "must be above 0 and at most 100") }
        }
        let total = arms.reduce(0) { $0 + $1.share }
        if !arms.isEmpty, abs(total - 100) > 0.01 {
            fail("arms", """
                shares must sum to 100 (they are shares of the units not held out), got \(total.formatted())\
                \(holdoutPercent > 0 && abs(total + holdoutPercent - 100) <= 0.01 ? "; the holdout is taken first, do not subtract it from the arms" : "")
                """)
        }
        if !(holdoutPercent >= 0 && holdoutPercent < 100) { fail("holdout", "must be at least 0 and below 100") }
        if salt.isEmpty || salt.count > 200 { fail("salt", "must be 1–200 characters") }
        if let primaryMetric, ExperimentMetric(rawValue: primaryMetric) == nil {
            fail("primary", "unknown metric '\(primaryMetric)'; metrics are \(ExperimentMetric.names)")
        }
        for (index, guardrail) in guardrails.enumerated() {
            if ExperimentMetric(rawValue: guardrail) == nil {
                fail("guardrails[\(index)]", "unknown metric '\(guardrail)'; metrics are \(ExperimentMetric.names)")
            } else if guardrail == primaryMetric {
                fail("guardrails[\(index)]", "'\(guardrail)' is the primary metric; a metric is either judged or guarded")
            }
        }
        return issues
    }

    /// Parses `control=50,treatment=50` (`--arms`).
    /// - Returns: the arms, or a failure naming the malformed part.
    public static func parseArms(_ text: String) -> Result<[Arm], ValidationFailure> {
        var arms: [Arm] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "=", omittingEmptySubsequences: false)
            guard pieces.count == 2, let share = Double(pieces[1].trimmingCharacters(in: .whitespaces)) else {
                return .failure(ValidationFailure([ValidationIssue(
                    index: nil, field: "arms", message: "'\(part)' is not NAME=SHARE (e.g. control=50,treatment=50)")]))
            }
            arms.append(Arm(name: pieces[0].trimmingCharacters(in: .whitespaces), share: share))
        }
        return .success(arms)
    }
}

private extension Double {
    func formatted() -> String {
        self == rounded() ? String(Int(self)) : String(self)
    }
}

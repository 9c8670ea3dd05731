/// Where a unit lands in an experiment: its GrowthBook bucket and arm, or a holdout — the
/// tenant's global holdout (never exposed to experimental policies) or the experiment's own.
public struct ExperimentAssignment: Sendable, Hashable, Codable {
    /// The arm's name; nil in a holdout.
    public var arm: String?
    /// GrowthBook hash v2 of (salt, unit), in [0, 1).
    public var bucket: Double
    /// Whether the unit is held out (of this experiment or of every experiment).
    public var holdout: Bool
    /// Whether the hold-out is the tenant's global holdout.
    public var globalHoldout: Bool

    public init(arm: String?, bucket: Double, holdout: Bool, globalHoldout: Bool = false) {
        self.arm = arm
        self.bucket = bucket
        self.holdout = holdout
        self.globalHoldout = globalHoldout
    }

    /// The first assignment of `unit` to `experiment` (stored afterwards and never moved):
    /// the global holdout first, then the experiment's bucket ranges.
    public static func assign(unit: String, experiment: ExperimentDefinition, globalHoldout: GlobalHoldout?) -> ExperimentAssignment {
        let bucket = GrowthBookHash.bucket(seed: experiment.salt, value: unit)!
        if let globalHoldout, globalHoldout.contains(unit: unit) {
            return ExperimentAssignment(arm: nil, bucket: bucket, holdout: true, globalHoldout: true)
        }
        guard let arm = experiment.bucketRanges.arm(for: bucket) else {
            return ExperimentAssignment(arm: nil, bucket: bucket, holdout: true)
        }
        return ExperimentAssignment(arm: experiment.arms[arm].name, bucket: bucket, holdout: false)
    }
}

/// A tenant's global holdout: a fixed share of units that no experiment ever treats.
public struct GlobalHoldout: Sendable, Hashable, Codable {
    /// 1–5% per DESIGN.md §7 (cxloop accepts 0.1–20).
    public var percent: Double
    /// Its hash seed, independent of every experiment's.
    public var salt: String

    public init(percent: Double, salt: String) {
        self.percent = percent
        self.salt = salt
    }

    /// Accepted percentages.
    public static let allowedPercent = 0.1...20.0

    /// Whether `unit`'s holdout bucket falls below the percentage.
    public func contains(unit: String) -> Bool {
        GrowthBookHash.bucket(seed: salt, value: unit)! < percent / 100
    }
}

import CXCore

extension ExperimentAnalysisRequest {
    /// Parses `--weights control=50,treatment=50` (any positive scale; shares need not sum to 100).
    /// - Throws: `ReportError` `.usage` with a sentence a user can act on when the text is not
    ///   NAME=SHARE pairs, names an arm twice, or has a negative, non-finite or all-zero share.
    public static func parseWeights(_ text: String) throws(ReportError) -> [String: Double] {
        let arms: [ExperimentDefinition.Arm]
        switch ExperimentDefinition.parseArms(text) {
        case .success(let parsed): arms = parsed
        case .failure(let failure):
            throw ReportError(.usage, "--weights: " + failure.issues.map(\.message).joined(separator: "; "))
        }
        var weights: [String: Double] = [:]
        for arm in arms {
            guard !arm.name.isEmpty else { throw ReportError(.usage, "--weights: an arm name is empty in '\(text)'") }
            guard weights.updateValue(arm.share, forKey: arm.name) == nil else {
                throw ReportError(.usage, "--weights: '\(arm.name)' is named twice")
            }
        }
        if let problem = problem(weights: weights) { throw ReportError(.usage, problem) }
        return weights
    }

    /// Why `weights` cannot be an intended split (a share negative or not finite, or all 0),
    /// nil when they can.
    static func problem(weights: [String: Double]) -> String? {
        if let bad = weights.sorted(by: { $0.key < $1.key }).first(where: { !($0.value.isFinite && $0.value >= 0) }) {
            return "--weights: the share of '\(bad.key)' must be a number ≥ 0, not \(bad.value)"
        }
        guard weights.values.contains(where: { $0 > 0 }) else {
            return "--weights: at least one share must be positive"
        }
        return nil
    }
}

import CXCore

/// A number per objective, as a candidate's uplifts ŝⱼ: the objectives in name order (one array
/// shared by every candidate of an engine) and the numbers in the same order.
///
/// The engine builds one per candidate on every decide; parallel arrays cost one allocation and
/// no hashing, where a dictionary cost one of each per objective. Written as a dictionary
/// literal it compares equal to the same pairs in any order.
public struct ObjectiveScores: Sendable, Hashable, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// The objectives, sorted by name.
    public let objectives: [Objective]
    /// The number of each of ``objectives``, in the same order.
    public private(set) var values: [Double]

    /// Scores of `objectives`, which must be sorted by name and as many as `values`.
    public init(objectives: [Objective], values: [Double]) {
        precondition(objectives.count == values.count, "one value per objective")
        self.objectives = objectives
        self.values = values
    }

    public init(dictionaryLiteral elements: (Objective, Double)...) {
        let sorted = elements.sorted { $0.0 < $1.0 }
        self.init(objectives: sorted.map(\.0), values: sorted.map(\.1))
    }

    /// The objective's number, or nil when it is not scored.
    public subscript(objective: Objective) -> Double? {
        objectives.firstIndex(of: objective).map { values[$0] }
    }

    public var description: String {
        "[" + zip(objectives, values).map { "\($0.name): \($1)" }.joined(separator: ", ") + "]"
    }
}

/// One objective the NBX score weighs (DESIGN.md §1, §7): the built-ins ``value``, ``cost``,
/// ``satisfaction`` and ``effort``, or any custom name (e.g. `social`).
///
/// **Sign convention.** An objective's uplift ŝⱼ is the expected change of the quantity *as
/// measured*, against doing nothing; the engine never flips a sign. ``value`` and
/// ``satisfaction`` are "more is better"; ``cost`` (cost to serve, in currency) and ``effort``
/// (customer effort) are "more is worse": a negative uplift is good, so their policy weights θ
/// are normally ≤ 0 (θ_cost = −1 prices one unit of cost like one unit of value). The
/// contact's own unit cost of its channel counts as cost: ŝ_cost(a, c) includes it.
public struct Objective: Sendable, Hashable, Comparable, Codable, CodingKeyRepresentable, CustomStringConvertible {
    /// The objective's name, an identifier (letters, digits, `_`, `-`; at most 64).
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    /// Customer value (e.g. revenue or lifetime value), more is better.
    public static let value = Objective("value")
    /// Cost to serve in currency, more is worse (a saving is a negative uplift).
    public static let cost = Objective("cost")
    /// Satisfaction (e.g. the CSAT top-2-box share), more is better.
    public static let satisfaction = Objective("satisfaction")
    /// Customer effort (e.g. service contacts needed), more is worse.
    public static let effort = Objective("effort")

    /// The built-in objectives, in name order.
    public static let builtIn: [Objective] = [.cost, .effort, .satisfaction, .value]

    /// Whether more is better: false for ``cost`` and ``effort``, true otherwise (custom
    /// objectives are goods, like value).
    public var higherIsBetter: Bool { self != .cost && self != .effort }

    /// Whether the name is a valid identifier.
    public var isValid: Bool { SurveyDefinition.isValidIdentifier(name) }

    public var description: String { name }

    public static func < (lhs: Objective, rhs: Objective) -> Bool { lhs.name < rhs.name }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    public var codingKey: any CodingKey { ObjectiveKey(stringValue: name) }

    public init?<T: CodingKey>(codingKey: T) {
        self.init(codingKey.stringValue)
    }

    private struct ObjectiveKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }
}

extension Dictionary where Key == Objective, Value == Double {
    /// Issues of a per-objective number map (priors, θ, λ) under `field`: valid objective
    /// names and finite numbers.
    func objectiveIssues(field: String) -> [ValidationIssue] {
        sorted(by: { $0.key < $1.key }).flatMap { objective, number in
            let path = "\(field).\(objective.name)"
            return (objective.isValid ? [] : [ValidationIssue(
                index: nil, field: path, message: "objective names must be 1–64 letters, digits, '_' or '-' starting with a letter or digit")])
                + (number.isFinite ? [] : [ValidationIssue(index: nil, field: path, message: "must be a finite number, got \(number)")])
        }
    }
}

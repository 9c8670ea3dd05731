import CXCore
import Foundation

/// A fitted, versioned effect model (`cxloop models fit`): per (action, channel, segment) and
/// objective the uplift ŝⱼ against doing nothing, shrunk toward the action's effect over all
/// segments; per segment the level of doing nothing (the reward model's baseline); and the
/// survey response rates that weight satisfaction rewards. Stored as this JSON in `effect_models`.
public struct EffectModel: EffectEstimates, Hashable, Codable {
    /// One estimate ŝⱼ(action, channel, segment).
    public struct Cell: Sendable, Hashable, Codable {
        public var action: String
        public var channel: Channel
        public var segment: String
        public var objective: Objective
        /// Decisions in the cell (respondents for satisfaction).
        public var count: Int
        /// The raw difference of means against `none` in the segment, nil when the cell is too thin.
        public var raw: Double?
        /// Its sampling variance.
        public var rawVariance: Double?
        /// The shrunk estimate the engine scores with.
        public var estimate: Double

        public init(action: String, channel: Channel, segment: String, objective: Objective, count: Int, raw: Double?,
                    rawVariance: Double?, estimate: Double) {
            self.action = action
            self.channel = channel
            self.segment = segment
            self.objective = objective
            self.count = count
            self.raw = raw
            self.rawVariance = rawVariance
            self.estimate = estimate
        }
    }

    /// The level of doing nothing per segment and objective; `*` pools every segment.
    public struct Baseline: Sendable, Hashable, Codable {
        public var segment: String
        public var objective: Objective
        public var level: Double

        public init(segment: String, objective: Objective, level: Double) {
            self.segment = segment
            self.objective = objective
            self.level = level
        }
    }

    /// The share of decisions answered with a survey per segment, action and channel
    /// (`action` `*`: the segment's rate; segment `*`: overall).
    public struct ResponseRate: Sendable, Hashable, Codable {
        public var segment: String
        public var action: String
        public var channel: Channel?
        public var rate: Double

        public init(segment: String, action: String, channel: Channel?, rate: Double) {
            self.segment = segment
            self.action = action
            self.channel = channel
            self.rate = rate
        }
    }

    public var version: String
    public var fittedAt: Date
    /// The decisions it was fitted on: made in [since, asOf).
    public var since: Date
    public var asOf: Date
    /// The attribution window of each objective, in days.
    public var windows: [Objective: Double]
    public var cells: [Cell]
    public var baselines: [Baseline]
    public var responseRates: [ResponseRate]

    private let lookup: [EffectTable.Key: Double]
    private let levels: [String: Double]
    private let rates: [String: Double]

    private static func levelKey(_ segment: String, _ objective: Objective) -> String { "\(segment)|\(objective.name)" }
    private static func rateKey(_ segment: String, _ action: String, _ channel: Channel?) -> String {
        "\(segment)|\(action)|\(channel?.rawValue ?? "")"
    }

    public init(version: String, fittedAt: Date, since: Date, asOf: Date, windows: [Objective: Double], cells: [Cell],
                baselines: [Baseline], responseRates: [ResponseRate]) {
        self.version = version
        self.fittedAt = fittedAt
        self.since = since
        self.asOf = asOf
        self.windows = windows
        self.cells = cells
        self.baselines = baselines
        self.responseRates = responseRates
        lookup = Dictionary(cells.map {
            (EffectTable.Key(objective: $0.objective, action: $0.action, channel: $0.channel, segment: $0.segment), $0.estimate)
        }, uniquingKeysWith: { first, _ in first })
        levels = Dictionary(baselines.map { (Self.levelKey($0.segment, $0.objective), $0.level) }, uniquingKeysWith: { first, _ in first })
        rates = Dictionary(responseRates.map { (Self.rateKey($0.segment, $0.action, $0.channel), $0.rate) },
                           uniquingKeysWith: { first, _ in first })
    }

    /// The stored members; the lookups are derived from them (encoding is synthesised).
    enum CodingKeys: String, CodingKey {
        case version, since, cells, baselines, windows
        case fittedAt = "fitted_at"
        case asOf = "as_of"
        case responseRates = "response_rates"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(version: try container.decode(String.self, forKey: .version), fittedAt: try container.decode(Date.self, forKey: .fittedAt),
                  since: try container.decode(Date.self, forKey: .since), asOf: try container.decode(Date.self, forKey: .asOf),
                  windows: try container.decode([Objective: Double].self, forKey: .windows),
                  cells: try container.decode([Cell].self, forKey: .cells), baselines: try container.decode([Baseline].self, forKey: .baselines),
                  responseRates: try container.decode([ResponseRate].self, forKey: .responseRates))
    }

    public var modelVersion: String? { version }

    public func uplift(of objective: Objective, action: String, channel: Channel, segment: String) -> Double? {
        lookup[EffectTable.Key(objective: objective, action: action, channel: channel, segment: segment)]
    }

    /// The level of doing nothing for the segment (else over all segments, else 0).
    public func baseline(of objective: Objective, segment: String) -> Double {
        levels[Self.levelKey(segment, objective)] ?? levels[Self.levelKey("*", objective)] ?? 0
    }

    /// The response rate of the cell, else of the segment, else overall; nil without answers.
    public func responseRate(segment: String, action: String, channel: Channel?) -> Double? {
        let rate = rates[Self.rateKey(segment, action, channel)] ?? rates[Self.rateKey(segment, "*", nil)] ?? rates[Self.rateKey("*", "*", nil)]
        return rate.flatMap { $0 > 0 ? $0 : nil }
    }

    /// The model as stored.
    public var json: JSONValue {
        get throws {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            return try JSONDecoder().decode(JSONValue.self, from: try encoder.encode(self))
        }
    }

    /// A stored model.
    public static func decode(_ json: JSONValue) throws -> EffectModel {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(EffectModel.self, from: Data(json.serialized.utf8))
    }
}

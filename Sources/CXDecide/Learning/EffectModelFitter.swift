import CXCore
import CXStats
import CXStore
import Foundation

/// Fits an ``EffectModel`` from the logged decisions' outcomes per cell (``CellStatistics``).
///
/// For objective j, segment s and a catalog action a on channel c:
/// 1. the raw uplift uₛ = ȳ(a, c, s) − ȳ(none, s), a difference of cell means, with sampling
///    variance vₛ = s²(a,c,s)/n(a,c,s) + s²(none,s)/n(none,s). Outcome objectives average over
///    every decision (no outcome = 0); satisfaction over the decisions with an answer — the
///    inverse response-probability weighting of a cell's respondents by its response rate,
///    which is unbiased when answering is random within the cell (missing at random given
///    segment, action and channel);
/// 2. across the segments, the uplifts are shrunk toward the action's overall effect on that
///    channel by ``RandomEffectsPooling`` (DerSimonian–Laird empirical Bayes), so a thin cell
///    does not swing: its estimate moves toward the pooled mean by vₛ/(vₛ + τ²);
/// 3. a segment where the cell has fewer than ``minimumDecisions`` decisions (or no `none`
///    decisions to compare with) gets the pooled mean; an action never served has no estimate,
///    and the engine keeps using its configured prior.
///
/// Means within a cell are unweighted: the policy depends on a unit only through its segment,
/// its context and its recent contacts, so within a cell the action is as good as randomised.
/// Where that is doubtful, off-policy evaluation (doubly robust) still corrects the values of
/// policies for the model's errors.
public struct EffectModelFitter: Sendable {
    /// Fewer decisions than this in a cell (or respondents, for satisfaction) leave it to the pool.
    public static let minimumDecisions = 5

    public var catalog: [ActionDefinition]
    /// The objectives measured from outcomes; satisfaction is added when cells carry it.
    public var objectives: [Objective]
    public var windows: [Objective: Double]

    public init(catalog: [ActionDefinition], objectives: [Objective], windows: [Objective: Double]) {
        self.catalog = catalog
        self.objectives = objectives
        self.windows = windows
    }

    /// The model of `cells`, labelled `version`.
    public func fit(_ cells: [CellStatistics], version: String, since: Date, asOf: Date, fittedAt: Date) -> EffectModel {
        let surveyed = cells.contains { $0.objectives[Objective.satisfaction.name] != nil }
        let all = (objectives + (surveyed ? [.satisfaction] : [])).sorted()
        let segments = Array(Set(cells.map(\.segment))).sorted()
        let nothing = Dictionary(cells.filter { $0.action == ActionDefinition.noneKey }.map { ($0.segment, $0) },
                                 uniquingKeysWith: { first, _ in first })
        var estimates: [EffectModel.Cell] = []
        var baselines: [EffectModel.Baseline] = []
        for objective in all {
            let pooledNone = Self.summary(of: objective, in: Array(nothing.values))
            if pooledNone.count > 0 { baselines.append(.init(segment: "*", objective: objective, level: pooledNone.mean)) }
            for segment in segments {
                if let cell = nothing[segment], case let summary = Self.summary(of: objective, in: [cell]), summary.count > 0 {
                    baselines.append(.init(segment: segment, objective: objective, level: summary.mean))
                }
            }
            for action in catalog {
                for channel in action.channels {
                    estimates += fit(objective, action: action.key, channel: channel, segments: segments, cells: cells, nothing: nothing)
                }
            }
        }
        return EffectModel(version: version, fittedAt: fittedAt, since: since, asOf: asOf,
                           windows: Dictionary(uniqueKeysWithValues: all.map { ($0, windows[$0] ?? 0) }),
                           cells: estimates, baselines: baselines, responseRates: surveyed ? Self.responseRates(cells) : [])
    }

    /// The shrunk estimates of one action on one channel for one objective in every segment.
    private func fit(_ objective: Objective, action: String, channel: Channel, segments: [String], cells: [CellStatistics],
                     nothing: [String: CellStatistics]) -> [EffectModel.Cell] {
        let served = cells.filter { $0.action == action && $0.channel == channel.rawValue }
        guard !served.isEmpty else { return [] }
        var raws: [(segment: String, count: Int, difference: Double, variance: Double)] = []
        for cell in served {
            guard let baseline = nothing[cell.segment] else { continue }
            let treated = Self.summary(of: objective, in: [cell])
            let untreated = Self.summary(of: objective, in: [baseline])
            guard treated.count >= Self.minimumDecisions, untreated.count >= Self.minimumDecisions else { continue }
            let variance = treated.variance / Double(treated.count) + untreated.variance / Double(untreated.count)
            raws.append((cell.segment, treated.count, treated.mean - untreated.mean, max(variance, 1e-12)))
        }
        guard !raws.isEmpty else { return [] }
        let pooling = RandomEffectsPooling(estimates: raws.map(\.difference), variances: raws.map(\.variance))
        let shrunk = Dictionary(uniqueKeysWithValues: zip(raws.map(\.segment), pooling.shrunkEstimates))
        return segments.map { segment in
            let raw = raws.first { $0.segment == segment }
            let count = served.first { $0.segment == segment }.map { Self.summary(of: objective, in: [$0]).count } ?? 0
            return EffectModel.Cell(action: action, channel: channel, segment: segment, objective: objective, count: count,
                                    raw: raw?.difference, rawVariance: raw?.variance, estimate: shrunk[segment] ?? pooling.pooledMean)
        }
    }

    /// The summary of one objective's reward over the cells' decisions (no outcome = 0), or over
    /// their respondents for satisfaction.
    static func summary(of objective: Objective, in cells: [CellStatistics]) -> SampleSummary {
        var total = SufficientStatistics(count: 0, sum: 0, sumOfSquares: 0)
        for cell in cells {
            let stats = cell.objectives[objective.name]
            total.count += objective == .satisfaction ? stats?.count ?? 0 : cell.decisions
            total.sum += stats?.sum ?? 0
            total.sumOfSquares += stats?.sumOfSquares ?? 0
        }
        return total.summary
    }

    /// Respondents over decisions per cell, per segment and overall.
    static func responseRates(_ cells: [CellStatistics]) -> [EffectModel.ResponseRate] {
        func rate(_ group: [CellStatistics]) -> Double {
            let decisions = group.reduce(0) { $0 + $1.decisions }
            return decisions > 0 ? Double(group.reduce(0) { $0 + ($1.objectives[Objective.satisfaction.name]?.count ?? 0) }) / Double(decisions) : 0
        }
        var rates = [EffectModel.ResponseRate(segment: "*", action: "*", channel: nil, rate: rate(cells))]
        for (segment, group) in Dictionary(grouping: cells, by: \.segment).sorted(by: { $0.key < $1.key }) {
            rates.append(.init(segment: segment, action: "*", channel: nil, rate: rate(group)))
            rates += group.map { .init(segment: segment, action: $0.action, channel: $0.channel.flatMap(Channel.init(rawValue:)), rate: rate([$0])) }
        }
        return rates
    }
}

import CXCore
import CXDecide
import CXStats
import CXStore
import Foundation
import Testing

/// The effect model's estimates against statsmodels 0.15: raw uplifts and their variances by
/// hand from the cells' sums, the DerSimonian–Laird pooling by `combine_effects(method_re="dl")`.
@Suite("Effect model fit")
struct EffectModelFitterTests {
    static let offer = ActionDefinition(key: "offer", kind: .offer, channelCosts: [.email: 0.5])
    static let unused = ActionDefinition(key: "unused", kind: .offer, channelCosts: [.sms: 0.1], priors: [.value: 7])

    static func cell(_ segment: String, _ action: String, _ n: Int, value: (Double, Double), satisfaction: (Int, Double)? = nil) -> CellStatistics {
        var objectives = [Objective.value.name: SufficientStatistics(count: n, sum: value.0, sumOfSquares: value.1)]
        if let satisfaction {
            objectives[Objective.satisfaction.name] = SufficientStatistics(count: satisfaction.0, sum: satisfaction.1, sumOfSquares: satisfaction.1)
        }
        return CellStatistics(segment: segment, action: action, channel: action == "none" ? nil : "email", decisions: n, objectives: objectives)
    }

    static let cells = [
        cell("A", "none", 10, value: (100, 1100), satisfaction: (6, 3)), cell("A", "offer", 6, value: (90, 1400), satisfaction: (4, 4)),
        cell("B", "none", 8, value: (40, 220), satisfaction: (5, 2)), cell("B", "offer", 5, value: (10, 30), satisfaction: (5, 4)),
        cell("C", "none", 12, value: (60, 400)), cell("C", "offer", 7, value: (70, 760)),
        cell("D", "none", 9, value: (45, 300)), cell("D", "offer", 3, value: (30, 320)),
    ]

    static func fit() -> EffectModel {
        EffectModelFitter(catalog: [offer, unused], objectives: [.value], windows: [.value: 14, .satisfaction: 7])
            .fit(cells, version: "effects-1", since: Date(timeIntervalSince1970: 0), asOf: Date(timeIntervalSince1970: 86_400),
                 fittedAt: Date(timeIntervalSince1970: 86_400))
    }

    @Test("Uplifts are differences of cell means, shrunk across segments as statsmodels' DerSimonian–Laird")
    func shrinkage() throws {
        let model = Self.fit()
        func cell(_ segment: String, _ objective: Objective = .value) throws -> EffectModel.Cell {
            try #require(model.cells.first { $0.segment == segment && $0.objective == objective && $0.action == "offer" })
        }
        // Raw: ȳ(offer) − ȳ(none), variance s²₁/n₁ + s²₀/n₀ (hand-computed from the sums).
        #expect(try cell("A").raw == 5 && abs(try cell("A").rawVariance! - 2.7777777777777777) < 1e-12)
        #expect(try cell("B").raw == -3 && abs(try cell("B").rawVariance! - 0.8571428571428572) < 1e-12)
        #expect(try cell("C").raw == 5 && abs(try cell("C").rawVariance! - 2.186147186147186) < 1e-12)
        // statsmodels: τ² = 25.513905611823315, μ = 2.2262044366081124.
        #expect(abs(try cell("A").estimate - 4.727658917640771) < 1e-9)
        #expect(abs(try cell("B").estimate - -2.830131751944614) < 1e-9)
        #expect(abs(try cell("C").estimate - 4.78108614412818) < 1e-9)
        // D has 3 decisions (< 5): no raw estimate, the pooled mean.
        #expect(try cell("D").raw == nil && abs(try cell("D").estimate - 2.2262044366081124) < 1e-9)
        #expect(model.uplift(of: .value, action: "offer", channel: .email, segment: "B") == (try cell("B").estimate))
        // Never served: no estimate, so the engine keeps the prior.
        #expect(model.uplift(of: .value, action: "unused", channel: .sms, segment: "A") == nil)
        #expect(model.uplift(of: .value, action: Self.unused, channel: .sms, segment: "A") == 7)
    }

    @Test("Satisfaction uses respondents; a cell below 5 respondents takes the pool; baselines and response rates")
    func satisfactionAndBaselines() throws {
        let model = Self.fit()
        let a = try #require(model.cells.first { $0.segment == "A" && $0.objective == .satisfaction })
        let b = try #require(model.cells.first { $0.segment == "B" && $0.objective == .satisfaction })
        // B: 4/5 − 2/5 = 0.4 with variance (0.2/5·… by hand): s² of 4 ones in 5 = 0.2, of 2 in 5 = 0.3.
        #expect(abs(b.raw! - 0.4) < 1e-12 && abs(b.rawVariance! - (0.2 / 5 + 0.3 / 5)) < 1e-12)
        // A has 4 respondents: pooled, and with one raw estimate the pool is that estimate.
        #expect(a.raw == nil && abs(a.estimate - 0.4) < 1e-12 && abs(b.estimate - 0.4) < 1e-12)
        #expect(model.baseline(of: .value, segment: "A") == 10)
        #expect(model.baseline(of: .satisfaction, segment: "B") == 0.4)
        #expect(abs(model.baseline(of: .value, segment: "unknown") - 245.0 / 39) < 1e-12)
        #expect(model.responseRate(segment: "A", action: "offer", channel: .email) == 4.0 / 6)
        #expect(model.responseRate(segment: "C", action: "offer", channel: .email) == nil)
        #expect(model.responseRate(segment: "A", action: "none", channel: nil) == 0.6)
    }

    @Test("A model survives its JSON round trip, so decide scores with what fit stored")
    func roundTrip() throws {
        let model = Self.fit()
        let decoded = try EffectModel.decode(try model.json)
        #expect(decoded == model)
        #expect(decoded.uplift(of: .value, action: "offer", channel: .email, segment: "C") == model.uplift(of: .value, action: "offer", channel: .email, segment: "C"))
    }
}

import CXStats
import Testing

/// Reference values: scipy.stats norm, t and chi2 (cdf, sf, ppf, isf), tails down to 1e-12.
@Suite("Distributions")
struct DistributionTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let distribution: String
        let parameter: Double?
        let kind: String
        let x: Double
        let value: Double

        var testDescription: String { "\(distribution)(\(parameter ?? 0)).\(kind)(\(x))" }

        var model: any ContinuousDistribution {
            switch distribution {
            case "normal": Normal.standard
            case "t": StudentT(degreesOfFreedom: parameter ?? .nan)
            default: ChiSquared(degreesOfFreedom: parameter ?? .nan)
            }
        }

        var actual: Double {
            switch kind {
            case "cdf": model.cdf(x)
            case "sf": model.survival(x)
            case "ppf": model.quantile(x)
            default: model.inverseSurvival(x)
            }
        }
    }

    static let cases = Fixtures.load("distributions", as: [Case].self)

    @Test(arguments: cases)
    func matchesScipy(_ row: Case) {
        #expect(Tolerance.relative(row.actual, row.value), "got \(row.actual), scipy \(row.value)")
    }

    @Test func textbookCriticalValues() {
        // Any statistics table: z 0.975 = 1.959964, t₁₀ 0.975 = 2.228139, χ²₁ 0.95 = 3.841459.
        #expect(Tolerance.relative(Normal.standard.quantile(0.975), 1.959_963_984_540_054))
        #expect(Tolerance.relative(StudentT(degreesOfFreedom: 10).quantile(0.975), 2.228_138_851_986_274))
        #expect(Tolerance.relative(ChiSquared(degreesOfFreedom: 1).quantile(0.95), 3.841_458_820_694_124))
        #expect(Tolerance.relative(ChiSquared(degreesOfFreedom: 10).inverseSurvival(0.05), 18.307_038_053_275_15))
    }

    @Test func closedForms() {
        // t₁ is Cauchy: F(t) = ½ + atan(t)/π, so F(1) = ¾; χ²₂ is exponential: S(x) = e^(−x/2).
        #expect(Tolerance.relative(StudentT(degreesOfFreedom: 1).cdf(1), 0.75, 1e-14))
        #expect(Tolerance.relative(ChiSquared(degreesOfFreedom: 2).survival(10), 0.006_737_946_999_085_467, 1e-13))
        #expect(Tolerance.relative(Normal(mean: 10, standardDeviation: 2).quantile(0.975), 13.919_927_969_080_108))
    }

    @Test(arguments: [0.0, 1.0, -0.1, 1.1, Double.nan])
    func quantileEdges(_ p: Double) {
        let t = StudentT(degreesOfFreedom: 3).quantile(p)
        let chi = ChiSquared(degreesOfFreedom: 3).quantile(p)
        switch p {
        case 0:
            #expect(t == -.infinity && chi == 0)
        case 1:
            #expect(t == .infinity && chi == .infinity)
        default:
            #expect(t.isNaN && chi.isNaN)
        }
    }

    @Test(arguments: [1.0, 2.5, 7, 30, 1000])
    func quantileInvertsCDF(_ df: Double) {
        let t = StudentT(degreesOfFreedom: df)
        let chi = ChiSquared(degreesOfFreedom: df)
        for p in [1e-12, 1e-5, 0.01, 0.2, 0.45, 0.55, 0.8, 0.99] {
            #expect(Tolerance.relative(t.cdf(t.quantile(p)), p, 1e-12))
            #expect(Tolerance.relative(chi.cdf(chi.quantile(p)), p, 1e-12))
            #expect(Tolerance.relative(chi.survival(chi.inverseSurvival(p)), p, 1e-12))
        }
    }
}

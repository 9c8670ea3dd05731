import Foundation

/// The normal distribution N(μ, σ²).
///
/// cdf and survival use Φ(z) = ½·erfc(−z/√2) with ``SpecialFunctions/erfc(_:)`` (Abramowitz &
/// Stegun 26.2.29), so both tails keep full relative precision. The quantile is Wichura's
/// Algorithm AS 241 (`PPND16`, Applied Statistics 37(3):477–484, 1988), accurate to about 1e-16
/// relative for 1e-300 < p < 1 − 1e-16; at that accuracy a Newton refinement would only add the
/// rounding error of the cdf, so none is made.
public struct Normal: ContinuousDistribution, Hashable {
    /// The mean μ.
    public let mean: Double
    /// The standard deviation σ > 0.
    public let standardDeviation: Double

    /// The standard normal N(0, 1).
    public static let standard = Normal(mean: 0, standardDeviation: 1)

    /// N(mean, standardDeviation²); the standard deviation must be positive.
    public init(mean: Double, standardDeviation: Double) {
        precondition(standardDeviation > 0, "Normal needs a positive standard deviation")
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// f(x) = exp(−z²/2) / (σ√(2π)), z = (x − μ)/σ.
    public func pdf(_ x: Double) -> Double {
        let z = (x - mean) / standardDeviation
        return exp(-0.5 * z * z) / (standardDeviation * (2 * SpecialFunctions.pi).squareRoot())
    }

    /// Φ((x − μ)/σ) = ½·erfc(−z/√2).
    public func cdf(_ x: Double) -> Double {
        0.5 * SpecialFunctions.erfc(-(x - mean) / standardDeviation / 2.squareRoot())
    }

    /// 1 − Φ(z) = ½·erfc(z/√2).
    public func survival(_ x: Double) -> Double {
        0.5 * SpecialFunctions.erfc((x - mean) / standardDeviation / 2.squareRoot())
    }

    /// μ + σ·Φ⁻¹(p) by AS 241.
    public func quantile(_ p: Double) -> Double {
        mean + standardDeviation * Self.standardQuantile(p)
    }

    /// μ − σ·Φ⁻¹(q) by AS 241 (exact symmetry, so tiny q keep their precision).
    public func inverseSurvival(_ q: Double) -> Double {
        mean - standardDeviation * Self.standardQuantile(q)
    }

    /// Φ⁻¹(p), Wichura AS 241 `PPND16`: a rational function in p − ½ for |p − ½| ≤ 0.425, else
    /// in r = √(−ln min(p, 1−p)) on r ≤ 5 and r > 5.
    static func standardQuantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * horner(centralNumerator, r) / horner(centralDenominator, r)
        }
        var r = (-log(q < 0 ? p : 1 - p)).squareRoot()
        let value: Double
        if r <= 5 {
            r -= 1.6
            value = horner(intermediateNumerator, r) / horner(intermediateDenominator, r)
        } else {
            r -= 5
            value = horner(tailNumerator, r) / horner(tailDenominator, r)
        }
        return q < 0 ? -value : value
    }

    /// c₀ + c₁x + … + cₙxⁿ.
    private static func horner(_ coefficients: [Double], _ x: Double) -> Double {
        coefficients.reversed().reduce(0) { $0 * x + $1 }
    }

    private static let centralNumerator: [Double] = [
        3.387_132_872_796_366_608_0, 1.331_416_678_917_843_774_5e2, 1.971_590_950_306_551_442_7e3,
        1.373_169_376_550_946_112_5e4, 4.592_195_393_154_987_145_7e4, 6.726_577_092_700_870_085_3e4,
        3.343_057_558_358_812_810_5e4, 2.509_080_928_730_122_672_7e3,
    ]
    private static let centralDenominator: [Double] = [
        1.0, 4.231_333_070_160_091_125_2e1, 6.871_870_074_920_579_083_0e2, 5.394_196_021_424_751_107_7e3,
        2.121_379_430_158_659_586_7e4, 3.930_789_580_009_271_061_0e4, 2.872_908_573_572_194_267_4e4,
        5.226_495_278_852_854_561_0e3,
    ]
    private static let intermediateNumerator: [Double] = [
        1.423_437_110_749_683_577_34, 4.630_337_846_156_545_295_90, 5.769_497_221_460_691_405_50,
        3.647_848_324_763_204_605_04, 1.270_458_252_452_368_382_58, 2.417_807_251_774_506_117_70e-1,
        2.272_384_498_926_918_458_33e-2, 7.745_450_142_783_414_076_40e-4,
    ]
    private static let intermediateDenominator: [Double] = [
        1.0, 2.053_191_626_637_758_821_87, 1.676_384_830_183_803_849_40, 6.897_673_349_851_000_045_50e-1,
        1.481_039_764_274_800_745_90e-1, 1.519_866_656_361_645_719_66e-2, 5.475_938_084_995_344_946_00e-4,
        1.050_750_071_644_416_843_24e-9,
    ]
    private static let tailNumerator: [Double] = [
        6.657_904_643_501_103_777_20, 5.463_784_911_164_114_369_90, 1.784_826_539_917_291_335_80,
        2.965_605_718_285_048_912_30e-1, 2.653_218_952_657_612_309_30e-2, 1.242_660_947_388_078_438_60e-3,
        2.711_555_568_743_487_578_15e-5, 2.010_334_399_292_288_132_65e-7,
    ]
    private static let tailDenominator: [Double] = [
        1.0, 5.998_322_065_558_879_376_90e-1, 1.369_298_809_227_358_053_10e-1, 1.487_536_129_085_061_485_25e-2,
        7.868_691_311_456_132_591_00e-4, 1.846_318_317_510_054_681_80e-5, 1.421_511_758_316_445_888_70e-7,
        2.044_263_103_389_939_785_64e-15,
    ]
}

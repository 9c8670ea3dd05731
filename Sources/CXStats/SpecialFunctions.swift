import Foundation

/// Special functions behind the distributions of CXStats.
///
/// Everything here is written out in Swift (no libm special functions) so that results are the
/// same on every platform. Relative accuracy is about 1e-15 in the usual ranges; each function
/// states its method and source.
public enum SpecialFunctions {
    /// ln Γ(x) for x > 0, by the Lanczos approximation with g = 671/128 and 14 terms as given in
    /// Numerical Recipes 3rd ed. §6.1 (`gammln`). Absolute error below 1e-14 for all x > 0.
    /// Returns NaN for x ≤ 0 or NaN.
    public static func logGamma(_ x: Double) -> Double {
        guard x > 0 else { return .nan }
        var denominator = x
        var series = 0.999_999_999_999_997_092
        for coefficient in lanczosCoefficients {
            denominator += 1
            series += coefficient / denominator
        }
        let shifted = x + 5.242_187_5
        return (x + 0.5) * log(shifted) - shifted + log(2.506_628_274_631_000_5 * series / x)
    }

    /// The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, computed as sign(x)·P(½, x²)
    /// (Abramowitz & Stegun 7.1.1 and 6.5.17; P by ``regularizedGammaP(_:_:)``), and by its Taylor
    /// series 2x/√π·(1 − x²/3) when |x| < 1e-8, where x² would lose digits.
    public static func erf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if abs(x) < 1e-8 { return 2 * x / pi.squareRoot() * (1 - x * x / 3) }
        let value = regularizedGammaP(0.5, x * x)
        return x < 0 ? -value : value
    }

    /// The complementary error function erfc(x) = 1 − erf(x), computed as Q(½, x²) for x ≥ 0 and
    /// 1 + P(½, x²) for x < 0 (Abramowitz & Stegun 7.1.2, 6.5.17), so the upper tail keeps full
    /// relative precision down to the smallest normal double.
    public static func erfc(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if abs(x) < 1e-8 { return 1 - erf(x) }
        return x < 0 ? 1 + regularizedGammaP(0.5, x * x) : regularizedGammaQ(0.5, x * x)
    }

    static let pi = 3.141_592_653_589_793_238

    /// Relative precision targeted by the series and continued fractions.
    static let epsilon = Double.ulpOfOne

    /// Smallest magnitude the modified Lentz method lets a denominator reach.
    static let tiny = Double.leastNormalMagnitude / Double.ulpOfOne

    /// Numerical Recipes 3rd ed. §6.1, `gammln` coefficients.
    private static let lanczosCoefficients: [Double] = [
        57.156_235_665_862_923_5, -59.597_960_355_475_491_2, 14.136_097_974_741_747_1,
        -0.491_913_816_097_620_199, 0.339_946_499_848_118_887e-4, 0.465_236_289_270_485_756e-4,
        -0.983_744_753_048_795_646e-4, 0.158_088_703_224_912_494e-3, -0.210_264_441_724_104_883e-3,
        0.217_439_618_115_212_643e-3, -0.164_318_106_536_763_890e-3, 0.844_182_239_838_527_433e-4,
        -0.261_908_384_015_814_087e-4, 0.368_991_826_595_316_234e-5,
    ]
}

import CXStats
import Foundation

/// Rounding of experiment numbers for people (JSON and CSV keep them unrounded).
extension NumberText {
    /// `+0.12`: `value` with `decimals` and its sign.
    static func signed(_ value: Double, decimals: Int) -> String {
        let text = fixed(value, decimals)
        return value >= 0 && !text.hasPrefix("-") ? "+" + text : text
    }

    /// `+7.9`: a share as signed percentage points, one decimal below 1000, none above.
    static func signedPercent(_ share: Double) -> String {
        let percent = 100 * share
        return signed(percent, decimals: abs(percent) < 1000 ? 1 : 0)
    }

    /// `+7.9% [+2.5, +13.4]`: a relative lift and its interval, in percent.
    static func relativeLift(_ estimate: Double, _ interval: Interval) -> String {
        lift(estimate, interval, unit: "%", signedPercent)
    }

    /// `+0.12 [+0.01, +0.23]`: a lift and its interval, each bound written by `format`, the
    /// estimate followed by `unit`.
    static func lift(_ estimate: Double, _ interval: Interval, unit: String = "", _ format: (Double) -> String) -> String {
        "\(format(estimate))\(unit) [\(format(interval.lower)), \(format(interval.upper))]"
    }

    /// The decimals that show about four significant digits of means as large as `magnitude`
    /// (2 for 49.39, 4 for 0.2951), between 0 and 6.
    static func meanDecimals(_ magnitude: Double) -> Int {
        guard magnitude > 0, magnitude.isFinite else { return 2 }
        return min(6, max(0, 3 - Int(log10(magnitude).rounded(.down))))
    }

    /// A probability such as a chance to win, `99.8%`, never rounded to 0 % or 100 %.
    static func probability(_ p: Double) -> String {
        if p > 0.999 { return ">99.9%" }
        if p < 0.001 { return "<0.1%" }
        return percent(p)
    }

    /// A p-value with the digits a threshold of 0.001 needs: `0.930`, `4.5e-05`.
    static func smallP(_ p: Double) -> String {
        p >= 0.001 ? fixed(p, 3) : String(format: "%.1e", p)
    }

    /// A weight as a percentage of `total` without needless decimals: `50`, `33.3`.
    static func share(_ weight: Double, of total: Double) -> String {
        let text = fixed(100 * weight / total, 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// Left-aligned in at least `width` columns; longer text is kept whole (an interval must
    /// not lose digits).
    static func leftUntruncated(_ text: String, _ width: Int) -> String {
        left(text, max(width, text.count))
    }
}

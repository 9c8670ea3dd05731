import Foundation

/// Text helpers of the benchmark's human output: stderr lines and number formatting
/// (fixed here rather than locale-dependent, so logs compare across machines).
public enum Console {
    /// Writes `line` and a newline to stderr.
    public static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// `1234567` → `1,234,567`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    /// `value` with `digits` decimals.
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "–" }
        return String(format: "%.\(digits)f", value)
    }

    /// A byte count in B, kB, MB, GB or TB (powers of 1024, as PostgreSQL's `pg_size_pretty`).
    public static func bytes(_ value: Int) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var amount = Double(value)
        var unit = 0
        while amount >= 1024 && unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        return unit == 0 ? "\(value) B" : "\(fixed(amount, amount < 10 ? 2 : 1)) \(units[unit])"
    }
}

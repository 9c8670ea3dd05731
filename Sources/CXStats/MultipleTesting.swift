/// Multiple-testing adjustments of a family of p-values.
///
/// Both return adjusted p-values in the input order, monotone in the order of the raw p-values
/// and capped at 1, exactly as R's `p.adjust` and statsmodels' `multipletests`. A NaN p-value
/// (an untestable row) stays NaN and is left out of the family size m.
public enum MultipleTesting {
    /// Holm's step-down adjustment (Holm 1979, Scand. J. Statist. 6:65–70): with the m p-values
    /// sorted ascending, p̃₍ᵢ₎ = min(1, maxⱼ≤ᵢ (m − j + 1)·p₍ⱼ₎). Controls the family-wise error rate.
    public static func holm(_ pValues: [Double]) -> [Double] {
        adjust(pValues) { sorted in
            let m = Double(sorted.count)
            var running = 0.0
            return sorted.enumerated().map { rank, p in
                running = max(running, min(1, (m - Double(rank)) * p))
                return running
            }
        }
    }

    /// Benjamini–Hochberg step-up adjustment (Benjamini & Hochberg 1995, JRSS B 57:289–300): with
    /// the m p-values sorted ascending, p̃₍ᵢ₎ = min(1, minⱼ≥ᵢ m·p₍ⱼ₎/j). Controls the false
    /// discovery rate under independence or positive dependence.
    public static func benjaminiHochberg(_ pValues: [Double]) -> [Double] {
        adjust(pValues) { sorted in
            let m = Double(sorted.count)
            var adjusted = [Double](repeating: 1, count: sorted.count)
            var running = 1.0
            for rank in sorted.indices.reversed() {
                running = min(running, m * sorted[rank] / Double(rank + 1))
                adjusted[rank] = running
            }
            return adjusted
        }
    }

    /// Sorts the non-NaN p-values (stably), applies `rule` to them and scatters the result back.
    private static func adjust(_ pValues: [Double], rule: ([Double]) -> [Double]) -> [Double] {
        let order = pValues.indices.filter { !pValues[$0].isNaN }.sorted {
            (pValues[$0], $0) < (pValues[$1], $1)
        }
        let adjusted = rule(order.map { pValues[$0] })
        var result = [Double](repeating: .nan, count: pValues.count)
        for (position, index) in order.enumerated() {
            result[index] = adjusted[position]
        }
        return result
    }
}

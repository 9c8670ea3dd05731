/// Secondary suppression for a cut by an attribute (DESIGN.md §6, issue 7): when a report
/// shows a total and its segments, a hidden segment could be recovered by subtracting the
/// shown segments from the total. The guard hides further segments until what is hidden
/// (hidden segments plus the respondents without the attribute, who have no row) is either
/// nothing or at least the anonymity threshold.
///
/// Rule, per (field, week): if the total is suppressed, so is every segment. Otherwise, with
/// r = total n − Σ n of the shown segments, while 0 < r < threshold, hide the shown segment
/// with the smallest n (the first in the given order on ties) and recompute r. It applies to
/// employee surveys only; customer cuts are never suppressed.
public enum ComplementGuard {
    /// The indices of `segments` (their n, in the report's row order) that are hidden, the
    /// policy's own suppressions included.
    public static func hiddenSegments(total: Int, segments: [Int], policy: DisclosurePolicy) -> Set<Int> {
        guard policy.population == .employee else { return [] }
        guard !policy.suppresses(n: total) else { return Set(segments.indices) }
        var hidden = Set(segments.indices.filter { policy.suppresses(n: segments[$0]) })
        func residual() -> Int {
            total - segments.indices.reduce(0) { hidden.contains($1) ? $0 : $0 + segments[$1] }
        }
        var remainder = residual()
        while remainder > 0, remainder < policy.anonymityThreshold {
            let shown = segments.indices.filter { !hidden.contains($0) }
            guard let smallest = shown.min(by: { segments[$0] < segments[$1] }) else { break }
            hidden.insert(smallest)
            remainder = residual()
        }
        return hidden
    }
}

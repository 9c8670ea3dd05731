/// Newton's method safeguarded by bisection, for quantiles (Numerical Recipes 3rd ed. §9.4,
/// `rtsafe`, with a bracket that may start unbounded and is widened by doubling).
enum MonotoneRoot {
    /// The root of a decreasing function h, starting from `start`. `step(u)` returns h(u) and
    /// h′(u); values that are not finite count as a sign only. Stops when a Newton step is below
    /// 1e-14 · max(1, |u|) or after 200 evaluations.
    static func decreasing(from start: Double, step: (Double) -> (value: Double, derivative: Double)) -> Double {
        var lower = -Double.infinity
        var upper = Double.infinity
        var u = start
        for _ in 0..<200 {
            let (value, derivative) = step(u)
            if value == 0 { return u }
            if value > 0 { lower = u } else { upper = u }
            var next = u - value / derivative
            let isNewton = next.isFinite && next > lower && next < upper
            if !isNewton {
                if lower.isFinite && upper.isFinite {
                    next = lower + (upper - lower) / 2
                } else if lower.isFinite {
                    next = lower + max(1, abs(lower))
                } else {
                    next = upper - max(1, abs(upper))
                }
            }
            let tolerance = 1e-14 * max(1, abs(u))
            if isNewton && abs(next - u) <= tolerance { return next }
            if upper - lower <= tolerance { return next }
            u = next
        }
        return u
    }
}

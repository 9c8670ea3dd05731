/// The first and second moment sums of n observations of a vector y: n, Σyⱼ and Σyⱼyₖ. Any
/// linear combination r = a + Σⱼ bⱼyⱼ of the components then has its own n, Σr and Σr² without
/// the observations: Σr = na + Σⱼ bⱼΣyⱼ and Σr² = na² + 2aΣⱼ bⱼΣyⱼ + Σⱼₖ bⱼbₖΣyⱼyₖ — so SQL can
/// sum a decision's rewards once, and each objective and each business-value weighting is
/// derived from the sums.
public struct MomentSums: Sendable, Hashable {
    /// n.
    public var count: Int
    /// Σyⱼ per component.
    public var sums: [Double]
    /// Σyⱼyₖ, symmetric, components × components.
    public var products: [[Double]]

    /// Sums from their parts.
    /// - Precondition: `products` is square with the size of `sums`.
    public init(count: Int, sums: [Double], products: [[Double]]) {
        precondition(products.count == sums.count && products.allSatisfy { $0.count == sums.count }, "products must be square over the sums")
        self.count = count
        self.sums = sums
        self.products = products
    }

    /// The sums of one observation.
    public init(observation y: [Double]) {
        self.init(count: 1, sums: y, products: y.map { a in y.map { a * $0 } })
    }

    /// Adds `other`'s observations (same components).
    public mutating func add(_ other: MomentSums) {
        count += other.count
        for j in sums.indices {
            sums[j] += other.sums[j]
            for k in sums.indices { products[j][k] += other.products[j][k] }
        }
    }

    /// n, Σr and Σr² of r = `intercept` + Σⱼ `coefficients`ⱼ·yⱼ.
    public func statistics(intercept: Double, coefficients: [Double]) -> SufficientStatistics {
        precondition(coefficients.count == sums.count, "one coefficient per component")
        let n = Double(count)
        var linear = 0.0
        var quadratic = 0.0
        for j in sums.indices where coefficients[j] != 0 {
            linear += coefficients[j] * sums[j]
            for k in sums.indices where coefficients[k] != 0 {
                quadratic += coefficients[j] * coefficients[k] * products[j][k]
            }
        }
        return SufficientStatistics(count: count, sum: n * intercept + linear,
                                    sumOfSquares: n * intercept * intercept + 2 * intercept * linear + quadratic)
    }
}

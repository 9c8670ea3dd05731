/// A proper Gaussian prior N(μ₀, σ₀²) on a lift, for ``Lift/posterior(prior:)``.
///
/// GrowthBook's default is the improper flat prior (gbstats 0.8.0 `bayesian/tests.py`,
/// `GaussianPrior(proper=False)`), which is `nil` in ``Lift/posterior(prior:)``. A proper prior
/// is stated on the relative lift; ``onAbsoluteScale(baselineMean:)`` carries it to the absolute
/// scale as gbstats does.
public struct GaussianPrior: Sendable, Hashable, Codable {
    /// μ₀.
    public var mean: Double
    /// σ₀² > 0.
    public var variance: Double

    /// N(mean, variance); the variance must be positive.
    public init(mean: Double = 0, variance: Double) {
        precondition(variance > 0, "a proper prior needs a positive variance")
        self.mean = mean
        self.variance = variance
    }

    /// A prior on the relative lift rescaled for the absolute lift: N(μ₀·|ȳ_a|, σ₀²·ȳ_a²)
    /// (gbstats 0.8.0 `bayesian/tests.py`, `EffectBayesianABTest.__init__`, relative prior with an
    /// absolute difference type). The baseline mean must not be 0.
    public func onAbsoluteScale(baselineMean: Double) -> GaussianPrior {
        GaussianPrior(mean: mean * abs(baselineMean), variance: variance * baselineMean * baselineMean)
    }
}

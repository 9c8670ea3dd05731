/// GrowthBook's Bayesian read of a lift: a Gaussian likelihood N(estimate, Var) with a flat or
/// a Gaussian prior (gbstats 0.8.0 `bayesian/tests.py`, `EffectBayesianABTest.compute_result`).
extension Lift {
    /// The posterior of the lift. Flat prior (`nil`, gbstats' default): N(estimate, Var). Proper
    /// prior N(μ₀, σ₀²) on the same scale: precision τ = 1/Var + 1/σ₀², mean
    /// (estimate/Var + μ₀/σ₀²)/τ, variance 1/τ.
    public func posterior(prior: GaussianPrior? = nil) -> Normal {
        guard let prior else { return Normal(mean: estimate, standardDeviation: standardError) }
        let precision = 1 / variance + 1 / prior.variance
        return Normal(mean: (estimate / variance + prior.mean / prior.variance) / precision,
                      standardDeviation: (1 / precision).squareRoot())
    }

    /// P(lift > 0) under the posterior, Φ(mean/sd) (gbstats `BayesianABTest.chance_to_win`,
    /// `norm.sf(0, mean, sd)`, for a metric where higher is better). GrowthBook reports it for
    /// the relative lift.
    public func chanceToWin(prior: GaussianPrior? = nil) -> Double {
        posterior(prior: prior).survival(0)
    }

    /// The equal-tailed credible interval, the posterior's (1 − c)/2 and (1 + c)/2 quantiles
    /// (gbstats `BayesianABTest.credible_interval`): normal, not t.
    public func credibleInterval(confidence: Double = 0.95, prior: GaussianPrior? = nil) -> Interval {
        let posterior = posterior(prior: prior)
        let tail = (1 - confidence) / 2
        return Interval(lower: posterior.quantile(tail), upper: posterior.inverseSurvival(tail))
    }
}

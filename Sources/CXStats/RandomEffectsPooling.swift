/// Empirical-Bayes shrinkage of k noisy estimates of related effects (e.g. one action's uplift
/// in each customer segment) toward their pooled mean, by the DerSimonian–Laird random-effects
/// model (DerSimonian & Laird 1986, "Meta-analysis in clinical trials", *Controlled Clinical
/// Trials* 7:177–188; the shrinkage as in Morris 1983, *JASA* 78:47–55):
///
/// - fixed-effect weights wᵢ = 1/vᵢ, ȳ_w = Σwᵢyᵢ/Σwᵢ, Q = Σwᵢ(yᵢ − ȳ_w)²;
/// - between-effect variance τ² = max(0, (Q − (k − 1)) / (Σwᵢ − Σwᵢ²/Σwᵢ));
/// - pooled mean μ = Σwᵢ*yᵢ/Σwᵢ* with wᵢ* = 1/(vᵢ + τ²);
/// - shrunk estimate θ̂ᵢ = μ + Bᵢ(yᵢ − μ) with Bᵢ = τ²/(τ² + vᵢ): a noisy estimate (large vᵢ)
///   moves most of the way to μ, and when the effects look alike (τ² = 0) all equal μ.
///
/// Matches `statsmodels.stats.meta_analysis.combine_effects(method_re="dl")` for μ and τ².
public struct RandomEffectsPooling: Sendable, Hashable {
    /// The estimates yᵢ.
    public let estimates: [Double]
    /// Their sampling variances vᵢ > 0.
    public let variances: [Double]
    /// τ², the between-effect variance.
    public let betweenVariance: Double
    /// μ, the random-effects pooled mean.
    public let pooledMean: Double

    /// Pools `estimates` with sampling `variances` (same length, k ≥ 1, every vᵢ finite > 0).
    /// With k = 1, τ² = 0 and μ is the one estimate.
    public init(estimates: [Double], variances: [Double]) {
        precondition(!estimates.isEmpty && estimates.count == variances.count, "need k ≥ 1 estimates with one variance each")
        precondition(variances.allSatisfy { $0.isFinite && $0 > 0 }, "sampling variances must be finite and positive")
        self.estimates = estimates
        self.variances = variances
        let weights = variances.map { 1 / $0 }
        let sumW = weights.reduce(0, +)
        let fixedMean = zip(weights, estimates).reduce(0) { $0 + $1.0 * $1.1 } / sumW
        let q = zip(weights, estimates).reduce(0) { $0 + $1.0 * ($1.1 - fixedMean) * ($1.1 - fixedMean) }
        let scale = sumW - weights.reduce(0) { $0 + $1 * $1 } / sumW
        let tau2 = scale > 0 ? max(0, (q - Double(estimates.count - 1)) / scale) : 0
        betweenVariance = tau2
        let randomWeights = variances.map { 1 / ($0 + tau2) }
        pooledMean = zip(randomWeights, estimates).reduce(0) { $0 + $1.0 * $1.1 } / randomWeights.reduce(0, +)
    }

    /// Bᵢ = τ²/(τ² + vᵢ), the share of its own deviation each estimate keeps.
    public var retainedShares: [Double] { variances.map { betweenVariance / (betweenVariance + $0) } }

    /// θ̂ᵢ = μ + Bᵢ(yᵢ − μ), in the order of ``estimates``.
    public var shrunkEstimates: [Double] {
        zip(estimates, retainedShares).map { pooledMean + $1 * ($0 - pooledMean) }
    }

    /// The posterior variance of each shrunk estimate, Bᵢ·vᵢ (ignoring the uncertainty of μ
    /// and τ², as the plug-in empirical-Bayes estimate does).
    public var shrunkVariances: [Double] { zip(variances, retainedShares).map { $0 * $1 } }
}

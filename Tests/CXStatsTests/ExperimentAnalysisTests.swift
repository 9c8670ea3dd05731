import CXStats
import Testing

/// The experiment engine against gbstats 0.8.0 on every dataset of `Fixtures/experiments/`.
/// Golden numbers: gbstats 0.8.0 (`TwoSidedTTest`, `SequentialTwoSidedTTest`,
/// `EffectBayesianABTest`, `check_srm`) as run by `shared/tools/ab_reference.py` on the CSVs; the
/// MDE is the harness's own scipy re-derivation (`reference_formulas.mde_80pct_power`). The
/// engine gets only per-arm sufficient statistics summed from the CSV here.
@Suite("Experiment analysis against gbstats 0.8.0")
struct ExperimentAnalysisTests {
    static let datasets = ExperimentDataset.all
    static let confidence = 0.95

    /// n, mean and (n − 1) sd per arm (`arms`), and the covariate read as 0/1 exactly when the
    /// harness did (`input.pre_value_binary`).
    @Test(arguments: datasets)
    func armSummaries(_ dataset: ExperimentDataset) {
        let control = dataset.arms[dataset.reference.input.control]
        #expect((control?.covariate?.kind == .proportion) == dataset.reference.input.preValueBinary)
        for (name, expected) in dataset.reference.comparisons.values.flatMap(\.arms) {
            let summary = dataset.arms[name]?.summary
            #expect(summary?.count == expected.n)
            #expect(Tolerance.mixed(summary?.mean ?? .nan, expected.mean))
            #expect(Tolerance.relative(summary?.standardDeviation ?? .nan, expected.sd))
        }
    }

    /// Absolute and relative lift, CI, p, df and SE (`b_gbstats_frequentist`). The zero-variance
    /// datasets must carry `.zeroVariance` where gbstats says ZERO_NEGATIVE_VARIANCE.
    @Test(arguments: datasets)
    func frequentistLifts(_ dataset: ExperimentDataset) {
        for (treatment, expected) in dataset.reference.comparisons {
            let lift = dataset.comparison(treatment).unadjusted
            Self.expect(lift.absolute, matches: expected.frequentist.absolute)
            Self.expect(lift.relative, matches: expected.frequentist.relative)
            // DESIGN §8: the comparison's p is the absolute test's.
            #expect(lift.pValue == lift.absolute.lift?.test.pValue)
        }
    }

    /// The pooled θ and the CUPED lifts (`c_gbstats_cuped`). The relative CUPED lift follows
    /// gbstats 0.8.0's quirk (README item 5): the adjusted difference over the *unadjusted*
    /// control mean, with the adjusted variances in the unadjusted delta formula.
    @Test(arguments: datasets)
    func cuped(_ dataset: ExperimentDataset) throws {
        for (treatment, expected) in dataset.reference.comparisons {
            let cuped = try #require(dataset.comparison(treatment).cuped)
            #expect(Tolerance.relative(cuped.theta, expected.cuped.theta))
            Self.expect(cuped.lift.absolute, matches: expected.cuped.absolute)
            Self.expect(cuped.lift.relative, matches: expected.cuped.relative)
        }
    }

    /// ρ, the confidence sequences and always-valid p at N* = 5000, unadjusted
    /// (`g_gbstats_sequential`) and CUPED (`c_gbstats_cuped_sequential`).
    @Test(arguments: datasets)
    func sequential(_ dataset: ExperimentDataset) throws {
        let sequence = ConfidenceSequence(tuningUnits: ExperimentReference.tuningUnits, confidence: Self.confidence)
        for (treatment, expected) in dataset.reference.comparisons {
            let comparison = dataset.comparison(treatment)
            let cuped = try #require(comparison.cuped)
            #expect(Tolerance.relative(sequence.rho, try #require(expected.sequential.relative.rho)))
            let pairs = [(comparison.unadjusted.absolute, expected.sequential.absolute),
                         (comparison.unadjusted.relative, expected.sequential.relative),
                         (cuped.lift.absolute, expected.cupedSequential.absolute),
                         (cuped.lift.relative, expected.cupedSequential.relative)]
            for (outcome, reference) in pairs {
                guard let lift = Self.liftOrReason(outcome, reference) else { continue }
                Self.expect(sequence.interval(for: lift, totalUnits: comparison.totalUnits), matches: reference.ci)
                #expect(Tolerance.relative(sequence.pValue(for: lift, totalUnits: comparison.totalUnits),
                                           try #require(reference.pValue)))
            }
        }
    }

    /// Chance to win and credible interval: flat prior (GrowthBook's default, `d_gbstats_bayesian`
    /// and `c_gbstats_cuped_bayesian_flat_prior`) and the proper N(0, 0.3²) prior on relative lift,
    /// carried to the absolute scale by the control mean as gbstats does.
    @Test(arguments: datasets)
    func chanceToWin(_ dataset: ExperimentDataset) throws {
        let relativePrior = GaussianPrior(mean: 0, variance: 0.3 * 0.3)
        for (treatment, expected) in dataset.reference.comparisons {
            let comparison = dataset.comparison(treatment)
            let cuped = try #require(comparison.cuped)
            let absolutePrior = relativePrior.onAbsoluteScale(baselineMean: comparison.baseline.mean)
            let cases: [(LiftOutcome, GaussianPrior?, ExperimentReference.Result)] = [
                (comparison.unadjusted.absolute, nil, expected.bayesian.flat.absolute),
                (comparison.unadjusted.relative, nil, expected.bayesian.flat.relative),
                (comparison.unadjusted.absolute, absolutePrior, expected.bayesian.proper.absolute),
                (comparison.unadjusted.relative, relativePrior, expected.bayesian.proper.relative),
                (cuped.lift.absolute, nil, expected.cupedBayesianFlat.absolute),
                (cuped.lift.relative, nil, expected.cupedBayesianFlat.relative),
            ]
            for (outcome, prior, reference) in cases {
                guard let lift = Self.liftOrReason(outcome, reference) else { continue }
                #expect(Tolerance.relative(lift.chanceToWin(prior: prior), try #require(reference.chanceToWin)))
                #expect(Tolerance.mixed(lift.posterior(prior: prior).mean, reference.estimate))
                #expect(Tolerance.relative(lift.posterior(prior: prior).standardDeviation, reference.se))
                Self.expect(lift.credibleInterval(confidence: Self.confidence, prior: prior), matches: reference.ci)
            }
        }
    }

    /// SRM χ² and p over all arms against the intended weights (`srm`), flagged only below 0.001:
    /// `srm` is flagged, `srm-borderline` (p = 0.0023) is not.
    @Test(arguments: datasets)
    func sampleRatioMismatch(_ dataset: ExperimentDataset) {
        let expected = dataset.reference.srm
        let counts = expected.order.map { dataset.arms[$0]?.count ?? -1 }
        #expect(counts == expected.observedN)
        let check = SampleRatioMismatch(counts: counts, weights: expected.expectedWeights)
        #expect(Tolerance.mixed(check.chiSquared, expected.chi2))
        #expect(Tolerance.relative(check.pValue, expected.pValue))
        #expect(check.degreesOfFreedom == counts.count - 1)
        #expect(check.isMismatch() == (dataset.name == "srm"))
        #expect(check.isMismatch(threshold: 0.01) == (dataset.name.hasPrefix("srm")))
    }

    /// The MDE at 80 % power for the current standard errors (`reference_formulas.mde_80pct_power`,
    /// the harness's scipy `(norm.ppf(0.975) + norm.ppf(0.8))·se`, absolute and delta-method relative).
    /// The harness computes it from the unguarded formulas, so the zero-variance datasets have it
    /// even though no lift is reported; they are skipped.
    @Test(arguments: datasets)
    func minimumDetectableEffect(_ dataset: ExperimentDataset) {
        for (treatment, expected) in dataset.reference.comparisons {
            let lift = dataset.comparison(treatment).unadjusted
            guard let absolute = lift.absolute.lift, let relative = lift.relative.lift else { continue }
            #expect(Tolerance.relative(PowerAnalysis.minimumDetectableEffect(standardError: absolute.standardError),
                                       expected.formulas.mde.absolute))
            #expect(Tolerance.relative(PowerAnalysis.minimumDetectableEffect(standardError: relative.standardError),
                                       expected.formulas.mde.relative))
        }
    }

    /// Holm across the three-arm family equals statsmodels' `multipletests(method="holm")` on
    /// gbstats' relative p (`multiple_testing_on_gbstats_relative_p`).
    @Test func holmAcrossArms() throws {
        let dataset = try #require(Self.datasets.first { $0.name == "three-arms" })
        let expected = try #require(dataset.reference.multipleTesting)
        let arms = dataset.reference.input.treatments
        let raw = try arms.map { try #require(dataset.comparison($0).unadjusted.relative.lift?.test.pValue) }
        for (arm, adjusted) in zip(arms, MultipleTesting.holm(raw)) {
            #expect(Tolerance.relative(adjusted, try #require(expected.holm[arm])))
        }
    }

    // MARK: - Comparison helpers

    /// gbstats' error message as the reason cxloop gives.
    static func reason(_ errorMessage: String) -> LiftUnavailableReason? {
        switch errorMessage {
        case "ZERO_NEGATIVE_VARIANCE": .zeroVariance
        case "ZERO_NEGATIVE_BASELINE_VARIATION": .zeroBaselineMean
        default: nil
        }
    }

    /// The lift when gbstats has a result; when gbstats reports an error, expects the matching
    /// reason (and no lift) and returns nil.
    static func liftOrReason(_ outcome: LiftOutcome, _ reference: ExperimentReference.Result,
                             sourceLocation: SourceLocation = #_sourceLocation) -> Lift? {
        if let message = reference.errorMessage {
            #expect(outcome.unavailableReason != nil && outcome.unavailableReason == reason(message),
                    "gbstats says \(message)", sourceLocation: sourceLocation)
            return nil
        }
        #expect(outcome.lift != nil, "unavailable: \(String(describing: outcome.unavailableReason))",
                sourceLocation: sourceLocation)
        return outcome.lift
    }

    /// Estimate, SE, CI, p and df of a frequentist gbstats result.
    static func expect(_ outcome: LiftOutcome, matches reference: ExperimentReference.Result,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        guard let lift = liftOrReason(outcome, reference, sourceLocation: sourceLocation) else { return }
        #expect(Tolerance.mixed(lift.estimate, reference.estimate), sourceLocation: sourceLocation)
        #expect(Tolerance.relative(lift.standardError, reference.se), sourceLocation: sourceLocation)
        #expect(Tolerance.relative(lift.degreesOfFreedom, reference.dof ?? .nan), sourceLocation: sourceLocation)
        #expect(Tolerance.relative(lift.test.pValue, reference.pValue ?? .nan), sourceLocation: sourceLocation)
        expect(lift.interval(confidence: confidence), matches: reference.ci, sourceLocation: sourceLocation)
    }

    static func expect(_ interval: Interval, matches bounds: [Double],
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(bounds.count == 2, sourceLocation: sourceLocation)
        #expect(Tolerance.mixed(interval.lower, bounds.first ?? .nan)
                    && Tolerance.mixed(interval.upper, bounds.last ?? .nan),
                "\(interval) vs \(bounds)", sourceLocation: sourceLocation)
    }
}

import Foundation

/// Kaplan–Meier estimate of a survival function from right-censored data (Kaplan & Meier 1958,
/// JASA 53:457–481): Ŝ(t) = ∏_{tᵢ ≤ t} (1 − dᵢ/nᵢ) over the distinct event times tᵢ with dᵢ events
/// and nᵢ at risk.
///
/// Variance by Greenwood's formula, Var Ŝ(t) = Ŝ(t)² Σ_{tᵢ ≤ t} dᵢ/(nᵢ(nᵢ − dᵢ)) (Greenwood 1926).
/// Intervals use the log(−log) transform (Kalbfleisch & Prentice 2002 §1.4; "exponential
/// Greenwood", as lifelines and R `conf.type = "log-log"`): with
/// σ² = Σ dᵢ/(nᵢ(nᵢ − dᵢ)) / (ln Ŝ)², the bounds are Ŝ^exp(±z·σ), which stay inside [0, 1].
public struct KaplanMeier: Sendable, Hashable {
    /// The estimate just after one event time.
    public struct Step: Sendable, Hashable, Codable {
        /// The event time tᵢ.
        public var time: Double
        /// nᵢ, units still at risk at tᵢ (including those censored at tᵢ).
        public var atRisk: Int
        /// dᵢ, events at tᵢ.
        public var events: Int
        /// Ŝ(tᵢ).
        public var survival: Double
        /// Greenwood variance of Ŝ(tᵢ); 0 once Ŝ has reached 0.
        public var variance: Double
        /// log(−log) interval of S(tᵢ); nil once Ŝ has reached 0, where it is undefined.
        public var interval: Interval?
    }

    /// One step per distinct event time, in time order.
    public let steps: [Step]
    /// The confidence level of the step intervals.
    public let confidence: Double

    /// Fits the estimate; `confidence` sets the level of the intervals.
    public init(_ observations: [SurvivalObservation], confidence: Double = 0.95) {
        let z = Normal.standard.twoSidedCriticalValue(confidence: confidence)
        var survival = 1.0
        var greenwood = 0.0
        var steps: [Step] = []
        for row in observations.eventTable() {
            let n = Double(row.atRisk)
            let d = Double(row.events)
            survival *= 1 - d / n
            greenwood += row.events < row.atRisk ? d / (n * (n - d)) : .infinity
            guard survival > 0 else {
                steps.append(Step(time: row.time, atRisk: row.atRisk, events: row.events, survival: 0,
                                  variance: 0, interval: nil))
                continue
            }
            let logS = log(survival)
            let sigma = greenwood.squareRoot() / abs(logS)
            let interval = Interval(lower: pow(survival, exp(z * sigma)), upper: pow(survival, exp(-z * sigma)))
            steps.append(Step(time: row.time, atRisk: row.atRisk, events: row.events, survival: survival,
                              variance: survival * survival * greenwood, interval: interval))
        }
        self.steps = steps
        self.confidence = confidence
    }

    /// Ŝ(t), right-continuous: 1 before the first event time.
    public func survival(at time: Double) -> Double {
        step(at: time)?.survival ?? 1
    }

    /// The interval of S(t): [1, 1] before the first event, nil once Ŝ has reached 0.
    public func interval(at time: Double) -> Interval? {
        guard let step = step(at: time) else { return Interval(lower: 1, upper: 1) }
        return step.interval
    }

    /// The median survival time, the first event time with Ŝ(t) ≤ ½ (Kalbfleisch & Prentice
    /// 2002 §1.4; lifelines `median_survival_time_`); nil when Ŝ never falls to ½.
    public var median: Double? {
        steps.first { $0.survival <= 0.5 }?.time
    }

    /// The last step at or before `time`.
    private func step(at time: Double) -> Step? {
        steps.last { $0.time <= time }
    }
}

import CXCore
import Foundation

/// The realised business value Σⱼ λⱼ·yⱼ per unit of a policy experiment, summed per arm
/// (``PostgresLearningStore/armPolicyValues(_:)``). A unit's window is [its assignment,
/// min(assignment + window, as-of)); its value is the λ-weighted outcomes in it plus λ_cost
/// times the channel costs of the contacts the experiment's decisions made; satisfaction (the
/// top-2-box share of its CSAT answers in the window) is returned separately because only
/// respondents have it.
public struct PolicyValueRequest: Sendable, Hashable {
    /// One outcome type's weight: y += weight × (1 when `counts`, else the value).
    public struct Term: Sendable, Hashable {
        public var outcomeType: String
        public var weight: Double
        public var counts: Bool

        public init(outcomeType: String, weight: Double, counts: Bool) {
            self.outcomeType = outcomeType
            self.weight = weight
            self.counts = counts
        }
    }

    /// A catalog contact's unit cost.
    public struct ContactCost: Sendable, Hashable {
        public var action: String
        public var channel: String
        public var cost: Double

        public init(action: String, channel: String, cost: Double) {
            self.action = action
            self.channel = channel
            self.cost = cost
        }
    }

    public var tenant: String
    public var experiment: String
    public var asOf: Date
    public var windowDays: Int
    public var terms: [Term]
    /// λ_cost, applied to the contact costs.
    public var costWeight: Double
    public var contactCosts: [ContactCost]
    public var satisfactionFields: [ExperimentSurveyField]

    public init(tenant: String, experiment: String, asOf: Date, windowDays: Int, terms: [Term], costWeight: Double,
                contactCosts: [ContactCost], satisfactionFields: [ExperimentSurveyField]) {
        self.tenant = tenant
        self.experiment = experiment
        self.asOf = asOf
        self.windowDays = windowDays
        self.terms = terms
        self.costWeight = costWeight
        self.contactCosts = contactCosts
        self.satisfactionFields = satisfactionFields
    }
}

/// The sums of one arm for ``PolicyValueRequest``: units n, Σr, Σr² of the value without
/// satisfaction; respondents, Σs, Σs² of satisfaction and Σr·s over the respondents.
public struct ArmPolicyValueSums: Sendable, Hashable {
    public var arm: String
    public var units: Int
    public var value: Double
    public var valueSquares: Double
    public var respondents: Int
    public var satisfaction: Double
    public var satisfactionSquares: Double
    public var valueTimesSatisfaction: Double

    public init(arm: String, units: Int, value: Double, valueSquares: Double, respondents: Int, satisfaction: Double,
                satisfactionSquares: Double, valueTimesSatisfaction: Double) {
        self.arm = arm
        self.units = units
        self.value = value
        self.valueSquares = valueSquares
        self.respondents = respondents
        self.satisfaction = satisfaction
        self.satisfactionSquares = satisfactionSquares
        self.valueTimesSatisfaction = valueTimesSatisfaction
    }
}

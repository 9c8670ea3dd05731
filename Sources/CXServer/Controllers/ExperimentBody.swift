import CXCore
import CXStore
import Foundation
import Hummingbird

/// An experiment as the API returns it (`GET /v1/experiments/{key}`) and `cxloop experiment
/// show|list --format json` prints it.
public struct ExperimentBody: ResponseCodable {
    public var experiment: String
    public var status: String
    public var arms: [ExperimentDefinition.Arm]
    public var holdout: Double
    public var salt: String
    public var unit: ExperimentDefinition.Unit
    public var primary: String?
    public var guardrails: [String]
    public var start: Date?
    public var created: Bool?

    public init(_ stored: StoredExperiment, created: Bool? = nil) {
        let definition = stored.definition
        experiment = definition.key
        status = stored.running ? "running" : "stopped"
        arms = definition.arms
        holdout = definition.holdoutPercent
        salt = definition.salt
        unit = definition.unit
        primary = definition.primaryMetric
        guardrails = definition.guardrails
        start = definition.start
        self.created = created
    }
}

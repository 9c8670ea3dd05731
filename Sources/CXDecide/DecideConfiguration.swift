import CXCore
import CXStore

/// A tenant's NBX configuration as `POST /v1/decide` needs it: the production version, every
/// policy version's engine (built and validated once), and the global holdout.
struct DecideConfiguration: Sendable {
    var production: PolicyVersion?
    /// By version label: the engine over the catalog and rules, or why the engine refuses them.
    var engines: [String: Result<DecisionEngine, DecideError>]
    var globalHoldout: GlobalHoldout?
    /// The effect models the versions score with, by model version.
    var models: [String: EffectModel]

    /// The estimates `engine` scores with: its policy's effect model, or the priors.
    func estimates(for engine: DecisionEngine) -> any EffectEstimates {
        engine.policy.modelVersion.flatMap { models[$0] } ?? EffectTable.priorsOnly
    }

    /// Loads the tenant's configuration. Effect models are immutable, so those of `previous`
    /// are kept and only versions not seen before are read and decoded.
    static func load(tenant: String, decide: any DecideRepository, experiments: any ExperimentRepository,
                     previous: DecideConfiguration? = nil) async throws -> Self {
        let catalog = try await decide.actions(tenant: tenant)
        let rules = try await decide.rules(tenant: tenant)
        var engines: [String: Result<DecisionEngine, DecideError>] = [:]
        var models: [String: EffectModel] = [:]
        let policies = try await decide.policies(tenant: tenant)
        for version in Set(policies.compactMap(\.policy.modelVersion)) {
            if let known = previous?.models[version] {
                models[version] = known
            } else {
                models[version] = try await decide.effectModel(tenant: tenant, version: version).flatMap { try? EffectModel.decode($0) }
            }
        }
        for stored in policies {
            engines[stored.policy.version] = Result { () throws(DecideError) in
                try DecisionEngine(catalog: catalog, suppressions: rules.suppressions, caps: rules.caps, policy: stored.policy)
            }
        }
        return DecideConfiguration(production: try await decide.production(tenant: tenant), engines: engines,
                                   globalHoldout: try await experiments.globalHoldout(tenant: tenant), models: models)
    }
}

import CXCore

/// The effect model the engine scores with: ŝⱼ(action, channel, segment), the expected uplift
/// of objective j when the action is sent on the channel to a unit of the segment, against
/// doing nothing (signs: see ``Objective``). The estimate excludes the contact's own unit cost,
/// which the engine adds to ``Objective/cost`` from the catalog.
///
/// Where the model has no estimate the engine uses the action's prior, then 0; `none` is never
/// asked (it scores 0 by definition).
public protocol EffectEstimates: Sendable {
    /// The version of the model, which must equal the policy's ``PolicyVersion/modelVersion``.
    var modelVersion: String? { get }

    /// ŝⱼ for the action on the channel in the segment, or `nil` when the model has none.
    func uplift(of objective: Objective, action: String, channel: Channel, segment: String) -> Double?
}

extension EffectEstimates {
    /// ŝⱼ of `action` on `channel` in `segment` as the engine scores it: the model's estimate,
    /// else the action's prior, else 0, plus the channel's unit cost on ``Objective/cost``.
    public func uplift(of objective: Objective, action: ActionDefinition, channel: Channel, segment: String) -> Double {
        (uplift(of: objective, action: action.key, channel: channel, segment: segment) ?? action.priors[objective] ?? 0)
            + (objective == .cost ? action.channelCosts[channel] ?? 0 : 0)
    }
}

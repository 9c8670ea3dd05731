import CXCore

/// Why a candidate was filtered out before scoring into the policy, as logged with it. The
/// stages run in this order and the first that refuses names the reason.
public enum FilterReason: Sendable, Hashable, CustomStringConvertible {
    /// The unit fails one of the action's eligibility rules.
    case ineligible(EligibilityRules.Rule)
    /// A suppression rule, named, fired on a recent event.
    case suppressed(rule: String)
    /// The channel's contact cap is reached.
    case capped(ContactCap)

    /// Stable log text: `ineligible:segment`, `ineligible:attribute.plan`,
    /// `suppressed:no-promo-after-complaint`, `capped:sms:2/7d`.
    public var description: String {
        switch self {
        case .ineligible(let rule): "ineligible:\(rule)"
        case .suppressed(let rule): "suppressed:\(rule)"
        case .capped(let cap): "capped:\(cap)"
        }
    }
}

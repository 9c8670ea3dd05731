import CXStats

/// Where the engine's uniform draw comes from.
///
/// In service it is the system's random number generator. A simulation or a test that must give
/// the same result on every run uses ``seeded(_:)``: the draw is then a function of the seed and
/// the decision's tenant, experiment and unit — the same however many decides run at once and
/// in whatever order, and the same again for a unit decided twice.
public enum DecisionDraws: Sendable, Hashable {
    case random
    case seeded(UInt64)

    /// A number in [0, 1) for this decision.
    func draw(tenant: String, experiment: String?, unit: String) -> Double {
        switch self {
        case .random:
            return Double.random(in: 0..<1)
        case .seeded(let seed):
            // FNV-1a (64 bit) over the decision's names, then SplitMix64's finaliser with the seed.
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in [tenant, experiment ?? "", unit].joined(separator: "\u{1F}").utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
            return Double(SplitMix64.mix(hash ^ seed &+ 0x9E37_79B9_7F4A_7C15) >> 11) * 0x1.0p-53
        }
    }
}

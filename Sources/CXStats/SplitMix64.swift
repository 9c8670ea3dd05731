/// SplitMix64 (Steele, Lea, Flood: "Fast splittable pseudorandom number generators", OOPSLA
/// 2014): a tiny seedable generator, so synthetic data, simulations and seeded draws repeat.
/// An item may seed its own from (run seed, item index), so any chunk can be generated on its
/// own, in any order or concurrently, and still be identical from run to run.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// The generator of one item: the run's seed mixed with the item's index.
    public init(seed: UInt64, index: Int) {
        state = seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03)
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// SplitMix64's finaliser: a bijection of 64-bit values that spreads every input bit over
    /// the output (also a good hash of an already-combined key).
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Roughly normal noise with standard deviation `sd` (sum of three uniforms, bounded ±3·sd).
    public mutating func noise(_ sd: Double) -> Double {
        (unit() + unit() + unit() - 1.5) * 2 * sd
    }
}

/// The Halton low-discrepancy sequence in d dimensions (Halton 1960, *Numerische Mathematik*
/// 2:84–90): point i (from 1) has coordinate j equal to the radical inverse of i in the j-th
/// prime base. Quasi-random points fill a box far more evenly than pseudo-random draws, so a
/// few hundred candidates cover a weight space without clumps or holes; being deterministic,
/// the same call gives the same candidates.
public struct HaltonSequence: Sendable, Hashable {
    /// The number of dimensions d (1–20).
    public let dimensions: Int
    private let bases: [Int]

    /// The first twenty primes: the bases of dimensions 1–20.
    private static let primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71]

    /// A sequence in `dimensions` dimensions.
    /// - Precondition: 1 ≤ dimensions ≤ 20.
    public init(dimensions: Int) {
        precondition((1...Self.primes.count).contains(dimensions), "the Halton sequence here has 1–20 dimensions")
        self.dimensions = dimensions
        bases = Array(Self.primes.prefix(dimensions))
    }

    /// Point `index` (≥ 1; index 0 would be the origin), every coordinate in (0, 1).
    public func point(_ index: Int) -> [Double] {
        precondition(index >= 1, "Halton points are numbered from 1")
        return bases.map { Self.radicalInverse(index, base: $0) }
    }

    /// Points 1…count.
    public func points(_ count: Int) -> [[Double]] {
        count > 0 ? (1...count).map(point) : []
    }

    /// The digits of `index` in `base` mirrored about the radix point: 0.d₀d₁d₂… in that base.
    static func radicalInverse(_ index: Int, base: Int) -> Double {
        var remaining = index
        var result = 0.0
        var scale = 1.0 / Double(base)
        while remaining > 0 {
            result += Double(remaining % base) * scale
            remaining /= base
            scale /= Double(base)
        }
        return result
    }
}

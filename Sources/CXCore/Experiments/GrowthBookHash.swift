/// GrowthBook's deterministic bucketing hash (JS SDK `util.ts`, `hash`), so any GrowthBook
/// SDK reproduces cxloop's assignments client-side (DESIGN.md §7).
///
/// FNV-1a 32-bit over the string's UTF-16 code units (the JS SDK XORs `charCodeAt(i)`, so a
/// non-ASCII id hashes its UTF-16 units, not its UTF-8 bytes).
/// - Version 2 (unbiased): `fnv(String(fnv(seed + value))) % 10000 / 10000`.
/// - Version 1 (the original, biased): `fnv(value + seed) % 1000 / 1000`.
public enum GrowthBookHash {
    /// The bucket of `value` in [0, 1) for `seed`, or nil for an unknown version.
    public static func bucket(seed: String, value: String, version: Int = 2) -> Double? {
        switch version {
        case 2: Double(fnv1a32(String(fnv1a32(seed + value))) % 10_000) / 10_000
        case 1: Double(fnv1a32(value + seed) % 1_000) / 1_000
        default: nil
        }
    }

    /// FNV-1a, 32 bits (offset basis 0x811c9dc5, prime 0x01000193), over UTF-16 code units.
    public static func fnv1a32(_ text: String) -> UInt32 {
        var hash: UInt32 = 0x811c_9dc5
        for unit in text.utf16 {
            hash ^= UInt32(unit)
            hash = hash &* 0x0100_0193
        }
        return hash
    }
}

import CXCore
import Testing

/// GrowthBook compatibility (DESIGN.md §7). The hash vectors were computed by
/// `check_cases.py` — an independent Python implementation that passes every `hash`,
/// `getBucketRange` and `chooseVariation` case of GrowthBook's published SDK suite
/// (`packages/sdk-js/test/cases.json`, 41/41, see README.md) — and cross-checked with Node.
@Suite("GrowthBook-compatible assignment")
struct GrowthBookAssignmentTests {
    @Test("FNV-1a 32 known answers")
    func fnv() {
        #expect(GrowthBookHash.fnv1a32("") == 0x811c_9dc5)
        #expect(GrowthBookHash.fnv1a32("a") == 0xe40c_292c)  // FNV reference test vector
        #expect(GrowthBookHash.fnv1a32("foobar") == 0xbf9c_f968)
    }

    @Test("hash v1 and v2 over UTF-16 code units, as the JS SDK", arguments: [
        ("offer-q4", "cust-42", 1_132_126_971 as UInt32, 0.779, 0.6352),
        ("offer-q4", "müller", 3_673_815_859, 0.619, 0.3766),
        ("offer-q4", "Zo\u{EB} \u{C5}ngstr\u{F6}m", 302_754_831, 0.607, 0.38),
        ("offer-q4", "山田太郎", 2_752_253_228, 0.936, 0.4791),
        ("offer-q4", "user-😀", 3_740_338_608, 0.396, 0.0671),  // a surrogate pair: two code units
        ("offer-q4", "e\u{301}", 1_716_903_987, 0.355, 0.5306),  // decomposed: other units, other bucket
        ("offer-q4", "\u{E9}", 2_141_164_356, 0.568, 0.1362),
        ("sälj-test", "cust-42", 853_729_889, 0.961, 0.566),
        ("", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", 3_332_892_066, 0.066, 0.7675),
    ])
    func hash(seed: String, value: String, fnv: UInt32, v1: Double, v2: Double) {
        #expect(GrowthBookHash.fnv1a32(seed + value) == fnv)
        #expect(GrowthBookHash.bucket(seed: seed, value: value, version: 1) == v1)
        #expect(GrowthBookHash.bucket(seed: seed, value: value, version: 2) == v2)
        #expect(GrowthBookHash.bucket(seed: seed, value: value, version: 99) == nil)
    }

    @Test("bucket ranges: weights, coverage gaps, GrowthBook's fallbacks")
    func ranges() {
        func pairs(_ ranges: BucketRanges) -> [[Double]] { ranges.ranges.map { [$0.start, $0.end] } }
        #expect(pairs(BucketRanges(count: 2)) == [[0, 0.5], [0.5, 1]])
        #expect(pairs(BucketRanges(count: 2, coverage: 0.95, weights: [0.5, 0.5])) == [[0, 0.475], [0.5, 0.975]])
        #expect(pairs(BucketRanges(count: 2, weights: [0.4, 0.5999])) == [[0, 0.4], [0.4, 0.9999]])
        #expect(pairs(BucketRanges(count: 2, weights: [0.7, 0.5])) == [[0, 0.5], [0.5, 1]])  // sum 1.2: equal weights
        #expect(pairs(BucketRanges(count: 2, weights: [1])) == [[0, 0.5], [0.5, 1]])  // wrong length: equal weights
        #expect(pairs(BucketRanges(count: 2, coverage: -0.2)) == [[0, 0], [0.5, 0.5]])
        #expect(pairs(BucketRanges(count: 2, coverage: 1.5)) == [[0, 0.5], [0.5, 1]])
        let gapped = BucketRanges(count: 2, coverage: 0.95, weights: [0.5, 0.5])
        #expect(gapped.arm(for: 0) == 0)
        #expect(gapped.arm(for: 0.4749) == 0)
        #expect(gapped.arm(for: 0.49) == nil)  // in the gap: the experiment's holdout
        #expect(gapped.arm(for: 0.5) == 1)  // start inclusive, end exclusive
        #expect(gapped.arm(for: 0.975) == nil)
    }

    @Test("an assignment: global holdout first, then the experiment's ranges")
    func assignment() {
        let experiment = ExperimentDefinition(key: "offer-q4", arms: [.init(name: "control", share: 50), .init(name: "treatment", share: 50)],
                                              holdoutPercent: 5)
        // cust-42 hashes to 0.6352 with the seed offer-q4: treatment's range is [0.5, 0.975).
        #expect(ExperimentAssignment.assign(unit: "cust-42", experiment: experiment, globalHoldout: nil)
            == ExperimentAssignment(arm: "treatment", bucket: 0.6352, holdout: false))
        let everyone = GlobalHoldout(percent: 20, salt: "s")
        let held = (0..<200).map { "u-\($0)" }.filter { everyone.contains(unit: $0) }
        #expect((20...60).contains(held.count))  // about 20% of 200
        let assigned = ExperimentAssignment.assign(unit: held[0], experiment: experiment, globalHoldout: everyone)
        #expect(assigned.arm == nil && assigned.holdout && assigned.globalHoldout)
    }

    @Test("definitions are refused with the field and the rule")
    func validation() {
        func messages(_ arms: String, holdout: Double = 0) -> [String] {
            guard case .success(let parsed) = ExperimentDefinition.parseArms(arms) else { return ["malformed"] }
            return ExperimentDefinition(key: "x", arms: parsed, holdoutPercent: holdout).issues.map { "\($0.field): \($0.message)" }
        }
        #expect(messages("control=50,treatment=50").isEmpty)
        #expect(messages("control=60,treatment=50") == ["arms: shares must sum to 100 (they are shares of the units not held out), got 110"])
        #expect(messages("control=47.5,treatment=47.5", holdout: 5).first?.contains("the holdout is taken first") == true)
        #expect(messages("control=50,control=50") == ["arms[1].name: duplicate arm 'control'"])
        #expect(messages("control=50,holdout=50").first?.hasPrefix("arms[1].name: 'holdout' is reserved") == true)
        #expect(messages("control=100") == ["arms: must have 2–20 arms, got 1"])
        #expect(messages("a=50,b=50", holdout: 100) == ["holdout: must be at least 0 and below 100"])
        #expect(messages("control:50") == ["malformed"])
    }
}

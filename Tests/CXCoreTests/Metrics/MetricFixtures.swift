import CXCore
import CXStats
import Foundation
import Testing

/// The reference values written by `make_metric_fixtures.py` (numpy, scipy, statsmodels) into
/// `metric_fixtures.json` next to this file. CXCoreTests has no resources, so the file is read
/// through this source file's path.
struct MetricFixtures: Decodable, Sendable {
    struct Estimate: Decodable, Sendable, CustomTestStringConvertible {
        let kind: MetricKind
        let scale: [Int]
        let histogram: [[Int]]
        let n: Int
        let value: Double?
        let ci95: [Double]?
        let percentAgree: Double?
        let standardError: Double?
        let adjustedCentre: Double?

        var testDescription: String { "\(kind.rawValue) \(scale) n=\(n)" }
    }

    struct Comparison: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let kind: MetricKind
        let scale: [Int]
        let population: Population
        let anonymityThreshold: Int
        let current: [[Int]]
        let previous: [[Int]]?
        let suppressed, lowN: Bool
        let value: Double?
        let n: Int?
        let ci95: [Double]?
        let previousValue: Double?
        let previousN: Int?
        let delta, pValue: Double?

        var testDescription: String { name }
    }

    struct Family: Decodable, Sendable {
        let rows: [String]
        let pAdjusted: [Double?]
        let flags: [ChangeFlag?]
    }

    struct Engagement: Decodable, Sendable {
        struct Item: Decodable, Sendable {
            let scale: [Int]
            let reverse: Bool
        }

        let items: [Item]
        let answers: [Int?]
        let score: Double?
    }

    let z975: Double
    let estimates: [Estimate]
    let comparisons: [Comparison]
    let family: Family
    let engagement: [Engagement]

    static let reference: MetricFixtures = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("metric_fixtures.json")
        guard let data = try? Data(contentsOf: url) else {
            fatalError("missing \(url.path); run make_metric_fixtures.py")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(MetricFixtures.self, from: data)
        } catch {
            fatalError("metric_fixtures.json does not decode: \(error)")
        }
    }()

    /// The comparison named `name`.
    func comparison(_ name: String) -> Comparison {
        guard let row = comparisons.first(where: { $0.name == name }) else { fatalError("no fixture \(name)") }
        return row
    }
}

extension AnswerHistogram {
    /// A histogram from the fixtures' `[[value, count], ...]`.
    init(pairs: [[Int]]) {
        self.init(Dictionary(uniqueKeysWithValues: pairs.map { ($0[0], $0[1]) }))
    }
}

extension ClosedRange<Int> {
    /// A scale from the fixtures' `[min, max]`.
    init(pair: [Int]) {
        self = pair[0]...pair[1]
    }
}

/// The comparisons of the fixture tests (as CXStatsTests' `Tolerance`).
enum Close {
    /// |actual − expected| ≤ 1e-9·max(1, |expected|): values, interval bounds and deltas.
    static func mixed(_ actual: Double?, _ expected: Double?, _ tolerance: Double = 1e-9) -> Bool {
        switch (actual, expected) {
        case (nil, nil): true
        case (let actual?, let expected?): abs(actual - expected) <= tolerance * max(abs(expected), 1)
        default: false
        }
    }

    /// |actual − expected| ≤ 1e-9·|expected|: p-values, which run down to 1e-12 and below.
    static func relative(_ actual: Double?, _ expected: Double?, _ tolerance: Double = 1e-9) -> Bool {
        switch (actual, expected) {
        case (nil, nil): true
        case (let actual?, let expected?): abs(actual - expected) <= tolerance * max(abs(expected), 1e-300)
        default: false
        }
    }

    /// Both bounds of an interval against the fixtures' `[lower, upper]`.
    static func interval(_ actual: Interval?, _ expected: [Double]?) -> Bool {
        switch (actual, expected) {
        case (nil, nil): true
        case (let actual?, let expected?): mixed(actual.lower, expected[0]) && mixed(actual.upper, expected[1])
        default: false
        }
    }
}

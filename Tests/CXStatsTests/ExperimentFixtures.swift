import CXStats
import Foundation
import Testing

/// Files of `Fixtures/experiments/` (README there), copied into the test bundle.
enum ExperimentFixtures {
    static func url(_ name: String, _ ext: String) -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures/experiments")
        else { fatalError("missing fixture experiments/\(name).\(ext)") }
        return url
    }

    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(contentsOf: url(name, "json")))
        } catch {
            fatalError("experiments/\(name).json does not decode: \(error)")
        }
    }
}

/// One experiment-analysis dataset: a per-unit CSV `unit_id,arm,value,pre_value` and the JSON
/// that `shared/tools/ab_reference.py` (gbstats 0.8.0, scipy, statsmodels, spotify-confidence)
/// printed for it.
struct ExperimentDataset: Sendable, CustomTestStringConvertible {
    /// The JSON's name (`zero-variance.proportion` reads `zero-variance.csv`).
    let name: String
    /// The JSON the harness wrote.
    let reference: ExperimentReference
    /// Per-arm sufficient statistics summed from the CSV, as SQL will hand them to the engine.
    let arms: [String: ExperimentArmStatistics]

    var testDescription: String { name }

    /// Every dataset of the README's table.
    static let all: [ExperimentDataset] = [
        ("continuous-skew", "continuous-skew"), ("proportion", "proportion"), ("three-arms", "three-arms"),
        ("small-n", "small-n"), ("srm", "srm"), ("srm-borderline", "srm-borderline"),
        ("zero-variance", "zero-variance"), ("zero-variance.proportion", "zero-variance"),
    ].map { ExperimentDataset(name: $0.0, csv: $0.1) }

    init(name: String, csv: String) {
        self.name = name
        reference = ExperimentFixtures.load(name)
        let kind: ExperimentMetricKind = reference.input.metric == "proportion" ? .proportion : .mean
        arms = Self.armStatistics(Self.rows(csv), kind: kind)
    }

    /// The comparison of `treatment` with the reference's control.
    func comparison(_ treatment: String) -> ExperimentComparison {
        guard let baseline = arms[reference.input.control], let arm = arms[treatment] else {
            fatalError("\(name): no arm \(treatment)")
        }
        return ExperimentComparison(baseline: baseline, treatment: arm)
    }

    /// One CSV row.
    private struct Row { let arm: String; let value, preValue: Double }

    private static func rows(_ name: String) -> [Row] {
        guard let text = try? String(contentsOf: ExperimentFixtures.url(name, "csv"), encoding: .utf8) else {
            fatalError("experiments/\(name).csv is unreadable")
        }
        return text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 4, let value = Double(fields[2]), let preValue = Double(fields[3]) else {
                fatalError("experiments/\(name).csv: bad row \(line)")
            }
            return Row(arm: String(fields[1]), value: value, preValue: preValue)
        }
    }

    /// n, Σy, Σy², Σx, Σx², Σxy per arm. The covariate is read as a proportion when the metric
    /// is one and every pre value is 0 or 1, as the harness decides (`pre_is_binary`).
    private static func armStatistics(_ rows: [Row], kind: ExperimentMetricKind) -> [String: ExperimentArmStatistics] {
        let binaryPre = kind == .proportion && rows.allSatisfy { $0.preValue == 0 || $0.preValue == 1 }
        let covariateKind: ExperimentMetricKind = binaryPre ? .proportion : .mean
        var arms: [String: ExperimentArmStatistics] = [:]
        for row in rows {
            var arm = arms[row.arm] ?? ExperimentArmStatistics(
                kind: kind, count: 0, sum: 0, sumOfSquares: 0,
                covariate: .init(kind: covariateKind, sum: 0, sumOfSquares: 0, sumOfProducts: 0))
            arm.count += 1
            arm.sum += row.value
            arm.sumOfSquares += row.value * row.value
            arm.covariate?.sum += row.preValue
            arm.covariate?.sumOfSquares += row.preValue * row.preValue
            arm.covariate?.sumOfProducts += row.preValue * row.value
            arms[row.arm] = arm
        }
        return arms
    }
}

/// The parts of the harness JSON that the tests read (README, "Where the numbers are").
struct ExperimentReference: Decodable, Sendable {
    struct Input: Decodable, Sendable {
        let metric, control: String
        let alpha: Double
        let treatments: [String]
        let preValueBinary: Bool
        enum CodingKeys: String, CodingKey {
            case metric, control, alpha, treatments, preValueBinary = "pre_value_binary"
        }
    }
    struct SampleRatio: Decodable, Sendable {
        let order: [String]
        let expectedWeights: [Double]
        let observedN: [Int]
        let chi2, pValue: Double
        enum CodingKeys: String, CodingKey {
            case order, chi2, expectedWeights = "expected_weights", observedN = "observed_n"
            case pValue = "gbstats_check_srm_p"
        }
    }
    /// One gbstats result (`TestResult`, frequentist, sequential or Bayesian).
    struct Result: Decodable, Sendable {
        let estimate: Double
        let ci: [Double]
        let se: Double
        let pValue, chanceToWin, dof, rho: Double?
        let errorMessage: String?
        enum CodingKeys: String, CodingKey {
            case estimate, ci, se, dof, rho
            case pValue = "p_value", chanceToWin = "chance_to_win", errorMessage = "error_message"
        }
    }
    struct Scales: Decodable, Sendable { let absolute, relative: Result }
    struct Cuped: Decodable, Sendable { let theta: Double; let absolute, relative: Result }
    struct Bayesian: Decodable, Sendable {
        let flat, proper: Scales
        enum CodingKeys: String, CodingKey { case flat = "flat_prior", proper = "proper_prior_N(0,0.3^2)_on_lift" }
    }
    struct Arm: Decodable, Sendable { let n: Int; let mean, sd: Double }
    struct Power: Decodable, Sendable { let absolute, relative: Double }
    struct Formulas: Decodable, Sendable {
        let mde: Power
        enum CodingKeys: String, CodingKey { case mde = "mde_80pct_power" }
    }
    struct Comparison: Decodable, Sendable {
        let arms: [String: Arm]
        let frequentist: Scales
        let cuped: Cuped
        let cupedSequential, cupedBayesianFlat, sequential: Scales
        let bayesian: Bayesian
        let formulas: Formulas
        enum CodingKeys: String, CodingKey {
            case arms, frequentist = "b_gbstats_frequentist", cuped = "c_gbstats_cuped"
            case cupedSequential = "c_gbstats_cuped_sequential"
            case cupedBayesianFlat = "c_gbstats_cuped_bayesian_flat_prior"
            case sequential = "g_gbstats_sequential", bayesian = "d_gbstats_bayesian", formulas = "reference_formulas"
        }
    }
    struct MultipleTesting: Decodable, Sendable { let raw, holm: [String: Double] }

    let input: Input
    let srm: SampleRatio
    let comparisons: [String: Comparison]
    let multipleTesting: MultipleTesting?
    enum CodingKeys: String, CodingKey {
        case input, srm, comparisons, multipleTesting = "multiple_testing_on_gbstats_relative_p"
    }

    /// The sequential tuning parameter N* of every fixture (README, "Commands").
    static let tuningUnits = 5000.0
}

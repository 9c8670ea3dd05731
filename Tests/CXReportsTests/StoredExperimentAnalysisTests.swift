import CXCore
import CXReports
import CXStats
import CXStore
import CXTestSupport
import Foundation
import PostgresNIO
import Testing

/// `cxloop experiment analyze KEY` from the database: the SQL's per-arm sufficient statistics
/// against the metric definitions computed unit by unit (``StoredExperimentWorld``), and the
/// analysis against `analyze --from` on the exported per-unit files.
@Suite("Stored experiment analysis")
struct StoredExperimentAnalysisTests {
    typealias World = StoredExperimentWorld

    static let loaded = Task<(World, PostgresClient.Configuration), any Error> { try await World.load() }

    static func request(_ metrics: [ExperimentMetric]? = nil, control: String? = nil) -> StoredExperimentRequest {
        StoredExperimentRequest(tenant: World.tenant, experiment: World.experiment.key, metrics: metrics, asOf: World.asOf,
                                control: control, cuped: true, sequentialTuning: 5000)
    }

    static func withAnalyzer<T: Sendable>(_ body: @escaping @Sendable (StoredExperimentAnalyzer, World) async throws -> T) async throws -> T {
        let (world, configuration) = try await loaded.value
        return try await TestCluster.shared.database(configuration).withRunning { database in
            try await body(StoredExperimentAnalyzer(database: database), world)
        }
    }

    static func close(_ actual: Double, _ expected: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(abs(actual - expected) <= 1e-9 * max(1, abs(expected)), "\(actual) vs \(expected)", sourceLocation: sourceLocation)
    }

    @Test("one SQL pass gives each arm's n, Σy, Σy², Σx, Σx², Σxy of every metric as the definitions say")
    func sufficientStatistics() async throws {
        let (world, configuration) = try await Self.loaded.value
        let data = try await TestCluster.shared.database(configuration).withRunning { database in
            try await PostgresExperimentData(database: database).data(ExperimentDataRequest(
                tenant: World.tenant, experiment: World.experiment.key, metrics: ExperimentMetric.allCases, asOf: World.asOf,
                windowDays: 28, horizonDays: 30,
                surveyFields: [.init(survey: "moment", field: "nps", metric: .nps),
                               .init(survey: "moment", field: "sat", metric: .csat, topBoxFrom: 4),
                               .init(survey: "moment", field: "effort", metric: .ces)]))
        }
        let units = world.experimentUnits
        #expect(data.units == Dictionary(grouping: units, by: { $0.arm! }).mapValues(\.count))
        #expect(Set(data.units.keys) == ["production", "candidate", "holdout"])
        #expect(units.count < 600 && units.count > 540, "the global holdout's units are not in the experiment")
        for metric in ExperimentMetric.allCases {
            for arm in ["production", "candidate", "holdout"] {
                let values = units.filter { $0.arm == arm }.compactMap { world.values(of: metric, for: $0) }
                let actual = try #require(data.statistics[metric]?[arm], "\(metric) \(arm)")
                #expect(actual.count == values.count, "\(metric) \(arm)")
                #expect(actual.kind == metric.kind)
                Self.close(actual.sum, values.map(\.y).reduce(0, +))
                Self.close(actual.sumOfSquares, values.map { $0.y * $0.y }.reduce(0, +))
                if metric == .retention {
                    #expect(actual.covariate == nil)
                } else {
                    let covariate = try #require(actual.covariate)
                    Self.close(covariate.sum, values.map { $0.x! }.reduce(0, +))
                    Self.close(covariate.sumOfSquares, values.map { $0.x! * $0.x! }.reduce(0, +))
                    Self.close(covariate.sumOfProducts, values.map { $0.x! * $0.y }.reduce(0, +))
                }
            }
        }
        // Windows, last answers and partials matter: the data is not trivially all-in.
        let respondents = try #require(data.statistics[.nps]?["production"]?.count)
        #expect(respondents > 20 && respondents < data.units["production"]!)
        // Lifetimes: whole days from assignment to churn or the as-of time.
        for arm in ["production", "candidate"] {
            let expected = Dictionary(grouping: units.filter { $0.arm == arm }) { unit in
                let end = world.churn(of: unit) ?? World.asOf
                return "\((end.timeIntervalSince(unit.assignedAt) / 86_400).rounded(.down)) \(world.churn(of: unit) != nil)"
            }.mapValues(\.count)
            let actual = Dictionary(uniqueKeysWithValues: (data.lifetimes[arm] ?? []).map { ("\($0.days) \($0.churned)", $0.units) })
            #expect(actual == expected)
        }
    }

    @Test("analyze KEY gives the numbers of analyze --from on the exported per-unit file, metric by metric")
    func databaseEqualsFile() async throws {
        let (analysis, files) = try await Self.withAnalyzer { analyzer, _ in
            let analysis = try await analyzer.analyze(Self.request())
            var files: [ExperimentMetric: String] = [:]
            for metric in ExperimentMetric.allCases {
                files[metric] = ExperimentUnitValue.csv(try await analyzer.unitValues(Self.request(), metric: metric))
            }
            return (analysis, files)
        }
        let json = analysis.json
        // By default: the primary, the other metrics with data, then the guardrails.
        #expect(json["metrics"].items.map(\.["metric"]) == ["value", "nps", "ces", "response_rate", "cost", "retention",
                                                             "csat", "contacts"].map(JSONValue.string))
        let weights = ["production": 45.0, "candidate": 45, "holdout": 10]
        for metricJSON in json["metrics"].items {
            let name = try #require(metricJSON["metric"].stringValue)
            let metric = try #require(ExperimentMetric(rawValue: name))
            let file = try ExperimentAnalysis(csv: Data(try #require(files[metric]).utf8), request: ExperimentAnalysisRequest(
                experiment: "file", kind: metric.kind, control: "production", cuped: metric != .retention,
                sequentialTuning: 5000, weights: weights)).json["metrics"][0]
            #expect(file["arms"] == metricJSON["arms"], "\(metric)")
            for (fromFile, fromDatabase) in zip(file["comparisons"].items, metricJSON["comparisons"].items) {
                for key in ["absolute", "relative", "p_value", "cuped", "sequential", "chance_to_win", "arm", "baseline"]
                where !(metric == .retention && key == "cuped") {
                    #expect(fromFile[key] == fromDatabase[key], "\(metric) \(key)")
                }
            }
        }
        // Every unit has a value, so the value file's sample-ratio check is the experiment's.
        let valueFile = try ExperimentAnalysis(csv: Data(try #require(files[.value]).utf8), request: ExperimentAnalysisRequest(
            experiment: "file", control: "production", weights: weights))
        #expect(valueFile.sampleRatio == analysis.sampleRatio)
    }

    @Test("roles, Holm without guardrails, verdicts, the planted win, log-rank and the window in JSON")
    func verdictsAndSurvival() async throws {
        let (analysis, world) = try await Self.withAnalyzer { analyzer, world in
            (try await analyzer.analyze(Self.request([.value, .csat, .contacts, .retention])), world)
        }
        let json = analysis.json
        #expect(json["as_of"] == .string("2026-10-16T00:00:00Z") && json["window_days"] == .number(28)
                && json["horizon_days"] == .number(30))
        let metrics = json["metrics"].items
        #expect(metrics.map(\.["role"]) == ["primary", "guardrail", "guardrail", "secondary"].map(JSONValue.string))
        // The family is value and retention (2 metrics × 2 arms); guardrails keep p_adjusted null.
        let family = metrics.filter { $0["role"] != .string("guardrail") }.flatMap { $0["comparisons"].items }
        let adjusted = MultipleTesting.holm(family.compactMap(\.["p_value"].numberValue))
        #expect(family.map(\.["p_adjusted"]) == adjusted.map(JSONValue.number))
        for guardrail in metrics.filter({ $0["role"] == .string("guardrail") }).flatMap({ $0["comparisons"].items }) {
            #expect(guardrail["p_adjusted"] == .null)
            #expect(["guardrail held", "guardrail breached"].map(JSONValue.string).contains(guardrail["verdict"]))
        }
        // The candidate's planted +40 per purchase wins on value; the holdout (no purchases
        // planted either way) is inconclusive against production.
        let value = metrics[0]["comparisons"].items
        #expect(value.map(\.["arm"]) == [.string("candidate"), .string("holdout")])
        #expect(value[0]["verdict"] == .string("win"), "\(value[0])")
        // Log-rank of each arm against production, recomputed from the units' lifetimes.
        let units = world.experimentUnits
        func lives(_ arm: String) -> [SurvivalObservation] {
            units.filter { $0.arm == arm }.map { unit in
                let churn = world.churn(of: unit)
                return SurvivalObservation(time: ((churn ?? World.asOf).timeIntervalSince(unit.assignedAt) / 86_400).rounded(.down),
                                           event: churn != nil)
            }
        }
        #expect(analysis.survival.map(\.arm) == ["candidate", "holdout"])
        for comparison in analysis.survival {
            let expected = LogRankTest(lives(comparison.arm), lives("production"))
            Self.close(comparison.observed, expected.observed)
            Self.close(comparison.expected, expected.expected)
            Self.close(comparison.test.pValue, expected.test.pValue)
        }
        #expect(json["survival"][0].keys == ["arm", "baseline", "baseline_n", "chi2", "churned", "expected", "n", "p_value"])

        let text = try await ExperimentAnalysisFixtures.renderer().render(analysis, as: .text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("SRM ok: p = "), "\(text)")
        #expect(text.contains("nbx-policies · value (mean, primary) · vs production"))
        #expect(text.contains("nbx-policies · contacts (mean, guardrail) · vs production"))
        #expect(text.contains("Survival (assignment to churn) against the baseline"))
        #expect(text.contains("as of 2026-10-16T00:00:00Z · window 28 days · retention at 30 days"))
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(text)")
    }

    @Test("an unknown experiment or baseline is a data error; windows out of range a usage error")
    func errors() async throws {
        let failures = try await Self.withAnalyzer { analyzer, _ in
            var failures: [ReportError] = []
            for request in [
                StoredExperimentRequest(tenant: World.tenant, experiment: "nope"),
                Self.request(control: "blue"),
                StoredExperimentRequest(tenant: World.tenant, experiment: World.experiment.key, windowDays: 0),
                StoredExperimentRequest(tenant: "other", experiment: World.experiment.key),
            ] {
                do {
                    _ = try await analyzer.analyze(request)
                } catch let error as ReportError {
                    failures.append(error)
                }
            }
            return failures
        }
        #expect(failures.map(\.code) == [.data, .data, .usage, .data])
        #expect(failures[0].message == "no experiment 'nope'; cxloop experiment list shows them")
        #expect(failures[1].message.contains("the baseline 'blue' is not an arm"))
        #expect(failures[2].message == "the attribution window must be 1–366 days, not 0")
    }
}

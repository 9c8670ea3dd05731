import CXCore
import CXReports
import CXStats
import Foundation
import Testing

/// `experiment analyze --from FILE.csv` end to end — CSV text → analysis → DESIGN.md §8 JSON and
/// text — against gbstats 0.8.0. Golden numbers: the fixtures' JSON (`shared/tools/ab_reference.py`
/// with gbstats 0.8.0, `--seq-tuning 5000`); where each sits is in the fixtures' README.
@Suite("Experiment analysis report against gbstats 0.8.0")
struct ExperimentAnalysisReportTests {
    static let tolerance = 1e-6

    /// |actual − expected| ≤ 1e-6 · max(1, |expected|).
    static func close(_ actual: JSONValue, _ expected: JSONValue,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        guard let a = actual.numberValue, let e = expected.numberValue else {
            Issue.record("not numbers: \(actual.serialized) vs \(expected.serialized)", sourceLocation: sourceLocation)
            return
        }
        #expect(abs(a - e) <= tolerance * max(1, abs(e)), "\(a) vs \(e)", sourceLocation: sourceLocation)
    }

    /// `{"estimate","ci95"}` against a gbstats result's `estimate` and `ci`.
    static func closeLift(_ actual: JSONValue, _ expected: JSONValue,
                          sourceLocation: SourceLocation = #_sourceLocation) {
        close(actual["estimate"], expected["estimate"], sourceLocation: sourceLocation)
        close(actual["ci95"][0], expected["ci"][0], sourceLocation: sourceLocation)
        close(actual["ci95"][1], expected["ci"][1], sourceLocation: sourceLocation)
    }

    /// The serialised JSON parses back (no NaN can hide in it) and is what the model says.
    static func json(_ analysis: ExperimentAnalysis) throws -> JSONValue {
        let text = analysis.json.serialized
        #expect(!text.lowercased().contains("nan") && !text.contains("inf"))
        return try JSONParser.parse(Array(text.utf8))
    }

    /// Every number of the JSON against gbstats, on the brief's three datasets plus `proportion`
    /// (p(1 − p) variances, a 0/1 covariate) and `small-n` (Welch df 22).
    @Test(arguments: [("continuous-skew", ExperimentMetricKind.mean), ("three-arms", .mean), ("srm", .mean),
                      ("proportion", .proportion), ("small-n", .mean)])
    func matchesGbstats(_ name: String, _ kind: ExperimentMetricKind) throws {
        let reference = try ExperimentAnalysisFixtures.reference(name)
        let json = try Self.json(try ExperimentAnalysisFixtures.analysis(name, kind: kind))
        #expect(json["experiment"] == .string(name))

        // srm.chi2 and srm.gbstats_check_srm_p; flagged below 0.001.
        Self.close(json["srm"]["chi2"], reference["srm"]["chi2"])
        Self.close(json["srm"]["p_value"], reference["srm"]["gbstats_check_srm_p"])
        let srmP = try #require(reference["srm"]["gbstats_check_srm_p"].numberValue)
        #expect(json["srm"]["ok"] == .bool(srmP >= 0.001))

        let metric = json["metrics"][0]
        #expect(metric["metric"] == .string("value") && metric["kind"] == .string(kind.rawValue))
        #expect(metric["arms"][0]["arm"] == .string("control"))
        let comparisons = metric["comparisons"].items
        #expect(comparisons.map { $0["arm"] } == reference["input"]["treatments"].items)
        for comparison in comparisons {
            let expected = reference["comparisons"][try #require(comparison["arm"].stringValue)]
            #expect(comparison["baseline"] == .string("control"))
            for arm in metric["arms"].items {
                let summary = expected["arms"][try #require(arm["arm"].stringValue)]
                guard summary != .null else { continue }
                #expect(arm["n"] == summary["n"])
                Self.close(arm["mean"], summary["mean"])
                Self.close(arm["sd"], summary["sd"])
            }
            // b_gbstats_frequentist: absolute and relative lift; p is the absolute test's.
            Self.closeLift(comparison["absolute"], expected["b_gbstats_frequentist"]["absolute"])
            Self.closeLift(comparison["relative"], expected["b_gbstats_frequentist"]["relative"])
            Self.close(comparison["p_value"], expected["b_gbstats_frequentist"]["absolute"]["p_value"])
            // c_gbstats_cuped.
            Self.closeLift(comparison["cuped"]["absolute"], expected["c_gbstats_cuped"]["absolute"])
            Self.closeLift(comparison["cuped"]["relative"], expected["c_gbstats_cuped"]["relative"])
            Self.close(comparison["cuped"]["p_value"], expected["c_gbstats_cuped"]["absolute"]["p_value"])
            // g_gbstats_sequential at N* = 5000.
            Self.closeLift(comparison["sequential"]["absolute"], expected["g_gbstats_sequential"]["absolute"])
            Self.closeLift(comparison["sequential"]["relative"], expected["g_gbstats_sequential"]["relative"])
            Self.close(comparison["sequential"]["p_value"], expected["g_gbstats_sequential"]["absolute"]["p_value"])
            #expect(comparison["sequential"]["tuning"] == .number(5000))
            // d_gbstats_bayesian.flat_prior.relative.chance_to_win.
            Self.close(comparison["chance_to_win"], expected["d_gbstats_bayesian"]["flat_prior"]["relative"]["chance_to_win"])
        }
    }

    /// Holm over the absolute p's of `b_gbstats_frequentist` (the README's instruction for
    /// `p_adjusted`), worked by hand for the two-arm family: the smaller p doubled, the larger
    /// one at least that. three-arms: a 2 · 0.000329 = 0.000659 (significant, a win), b 0.182.
    @Test func holmAcrossTheThreeArmFamily() throws {
        let reference = try ExperimentAnalysisFixtures.reference("three-arms")
        let json = try Self.json(try ExperimentAnalysisFixtures.analysis("three-arms"))
        let pA = try #require(reference["comparisons"]["a"]["b_gbstats_frequentist"]["absolute"]["p_value"].numberValue)
        let pB = try #require(reference["comparisons"]["b"]["b_gbstats_frequentist"]["absolute"]["p_value"].numberValue)
        #expect(pA < pB)
        let comparisons = json["metrics"][0]["comparisons"]
        Self.close(comparisons[0]["p_adjusted"], .number(min(1, 2 * pA)))
        Self.close(comparisons[1]["p_adjusted"], .number(max(min(1, 2 * pA), pB)))
        #expect(comparisons[0]["significant"] == .bool(true) && comparisons[1]["significant"] == .bool(false))
        let model = try ExperimentAnalysisFixtures.analysis("three-arms").metrics[0].comparisons
        #expect(model.map(\.verdict) == [.win, .inconclusive])
    }

    /// DESIGN.md §8's shape exactly: these keys, `cuped` and `sequential` null unless asked for,
    /// and no `reason` key on estimated lifts.
    @Test func designShape() throws {
        let json = try Self.json(try ExperimentAnalysisFixtures.analysis("continuous-skew", cuped: false, sequential: false))
        #expect(json.keys == ["experiment", "metrics", "srm"])
        #expect(json["srm"].keys == ["chi2", "ok", "p_value"])
        let metric = json["metrics"][0]
        #expect(metric.keys == ["arms", "comparisons", "kind", "metric", "role"])
        #expect(metric["arms"][0].keys == ["arm", "mean", "n", "sd"])
        let comparison = metric["comparisons"][0]
        #expect(comparison.keys == ["absolute", "arm", "baseline", "chance_to_win", "cuped", "p_adjusted", "p_value",
                                    "relative", "sequential", "significant", "verdict"])
        #expect(metric["role"] == .string("primary") && comparison["verdict"] == .string("win"))
        #expect(comparison["absolute"].keys == ["ci95", "estimate"] && comparison["relative"].keys == ["ci95", "estimate"])
        #expect(comparison["cuped"] == .null && comparison["sequential"] == .null)
        #expect(comparison["p_adjusted"] == comparison["p_value"])  // a family of one
        #expect(comparison["significant"] == .bool(true))

        let full = try Self.json(try ExperimentAnalysisFixtures.analysis("continuous-skew"))["metrics"][0]["comparisons"][0]
        #expect(full["cuped"].keys == ["absolute", "p_value", "relative"])
        #expect(full["sequential"].keys == ["absolute", "p_value", "relative", "tuning"])
    }

    /// The control is all 1: gbstats says ZERO_NEGATIVE_VARIANCE. cxloop carries nulls and a
    /// reason, never NaN, while CUPED (θ pooled over both arms) still has an estimate
    /// (`c_gbstats_cuped.absolute`, −0.1248), in both metric kinds.
    @Test(arguments: [(ExperimentMetricKind.mean, "zero-variance"), (.proportion, "zero-variance.proportion")])
    func zeroVarianceGivesAReason(_ kind: ExperimentMetricKind, _ referenceName: String) async throws {
        let analysis = try ExperimentAnalysisFixtures.analysis("zero-variance", kind: kind)
        let reference = try ExperimentAnalysisFixtures.reference(referenceName)["comparisons"]["treatment"]
        #expect(reference["b_gbstats_frequentist"]["absolute"]["error_message"] == .string("ZERO_NEGATIVE_VARIANCE"))
        let comparison = try Self.json(analysis)["metrics"][0]["comparisons"][0]
        for scale in ["absolute", "relative"] {
            #expect(comparison[scale] == .object(["estimate": .null, "ci95": .null, "reason": .string("zero_variance")]))
            #expect(comparison["sequential"][scale]["reason"] == .string("zero_variance"))
        }
        for key in ["p_value", "p_adjusted", "chance_to_win"] { #expect(comparison[key] == .null, "\(key)") }
        #expect(comparison["significant"] == .bool(false))
        Self.closeLift(comparison["cuped"]["absolute"], reference["c_gbstats_cuped"]["absolute"])
        Self.close(comparison["cuped"]["p_value"], reference["c_gbstats_cuped"]["absolute"]["p_value"])

        let renderer = try await ExperimentAnalysisFixtures.renderer()
        let text = try renderer.render(analysis, as: .text)
        #expect(text.contains("treatment: no CI: control has zero variance (all 1)"))
        let csv = try renderer.render(analysis, as: .csv)
        #expect(!(text + csv).lowercased().contains("nan"))
        #expect(csv.contains(",zero_variance,"))
    }

    /// srm.csv: the first line is the loud warning; every line fits 80 columns.
    @Test func srmWarningComesFirst() async throws {
        let analysis = try ExperimentAnalysisFixtures.analysis("srm")
        let text = try await ExperimentAnalysisFixtures.renderer().render(analysis, as: .text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "⚠ sample ratio mismatch: p = 4.5e-05 < 0.001 — the assignment is broken;")
        #expect(lines[1].contains("do not trust the results below"))
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        #expect(!text.contains("\u{1B}["))
        let coloured = try await ExperimentAnalysisFixtures.renderer(colour: true).render(analysis, as: .text)
        #expect(coloured.hasPrefix("\u{1B}[31m⚠ sample ratio mismatch\u{1B}[0m: p = "))
    }

    /// Every dataset's text fits 80 columns, with and without the optional reads, and says SRM
    /// ok first when it is.
    @Test(arguments: ["continuous-skew", "three-arms", "small-n", "zero-variance"])
    func textFitsEightyColumns(_ name: String) async throws {
        let renderer = try await ExperimentAnalysisFixtures.renderer()
        for extras in [false, true] {
            let text = try renderer.render(
                try ExperimentAnalysisFixtures.analysis(name, cuped: extras, sequential: extras), as: .text)
            let lines = text.split(separator: "\n")
            #expect(lines.first?.hasPrefix("SRM ok: p = ") == true)
            #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
            #expect(lines.contains { $0.hasPrefix("  CUPED") } == extras)
            #expect(lines.contains { $0.hasPrefix("  sequential") } == extras)
        }
    }

    /// three-arms: one row per arm, `a` a win (+1.6 %, Holm p 0.001), `b` inconclusive.
    @Test func threeArmTable() async throws {
        let text = try await ExperimentAnalysisFixtures.renderer().render(
            try ExperimentAnalysisFixtures.analysis("three-arms", cuped: false, sequential: false), as: .text)
        let lines = text.split(separator: "\n")
        let a = try #require(lines.first { $0.hasPrefix("  a ") })
        #expect(a.contains("+1.6% [+0.7, +2.5]") && a.hasSuffix(" win"))
        let b = try #require(lines.first { $0.hasPrefix("  b ") })
        #expect(b.contains("-0.6% [-1.5, +0.3]") && b.hasSuffix(" inconclusive"))
        #expect(text.contains("Holm-adjusted across 2 comparisons"))
    }

    /// CSV: a line per arm and per comparison, numbers unrounded (as in the JSON).
    @Test func csvLines() async throws {
        let analysis = try ExperimentAnalysisFixtures.analysis("three-arms")
        let csv = try await ExperimentAnalysisFixtures.renderer().render(analysis, as: .csv)
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = try #require(lines.first)
        #expect(lines.count == 1 + 3 + 2)
        #expect(lines.allSatisfy { $0.count == header.count })
        let estimate = try #require(header.firstIndex(of: "absolute"))
        let a = try #require(lines.first { $0.contains("comparison") && $0.contains("a") })
        let expected = try #require(analysis.metrics[0].comparisons[0].lifts.absolute.estimate)
        #expect(a[estimate] == "\(expected)")
        #expect(header.contains("cuped_relative_ci95_upper") && header.contains("sequential_p_value"))
    }
}

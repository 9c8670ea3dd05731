import CXCore
import CXReports
import CXStats
import Foundation
import Testing

/// What `experiment analyze --from FILE.csv` refuses, and how it says so: data problems are
/// `ReportError` `.data` (exit 65) naming the line and the column; malformed `--weights` are
/// `.usage` (exit 64).
@Suite("Experiment analysis input")
struct ExperimentAnalysisInputTests {
    static func analyse(_ csv: String, kind: ExperimentMetricKind = .mean, control: String = "control",
                        cuped: Bool = false, weights: [String: Double]? = nil) throws(ReportError) -> ExperimentAnalysis {
        try ExperimentAnalysis(csv: Data(csv.utf8), request: ExperimentAnalysisRequest(
            experiment: "test", kind: kind, control: control, cuped: cuped, weights: weights))
    }

    /// A small valid file with the header `header`.
    static func file(header: String = "unit_id,arm,value,pre_value") -> String {
        header + "\nu1,control,1,2\nu2,control,2,2\nu3,control,4,5\nu4,treatment,3,1\nu5,treatment,5,4\nu6,treatment,6,6\n"
    }

    struct BadFile: Sendable, CustomTestStringConvertible {
        let name: String
        let csv: String
        var kind = ExperimentMetricKind.mean
        var control = "control"
        var cuped = false
        /// The start of the message.
        let message: String
        var testDescription: String { name }
    }

    static let badFiles: [BadFile] = [
        BadFile(name: "missing column", csv: "unit_id,arm\nu1,control\n",
                message: "line 1, column value: missing from the header (unit_id,arm)"),
        BadFile(name: "missing arm column", csv: "unit_id,group,value\nu1,control,1\n",
                message: "line 1, column arm: missing from the header"),
        BadFile(name: "non-numeric value", csv: "unit_id,arm,value\nu1,control,1\nu2,treatment,abc\n",
                message: "line 3, column value: 'abc' is not a finite number"),
        BadFile(name: "NaN value", csv: "unit_id,arm,value\nu1,control,nan\n",
                message: "line 2, column value: 'nan' is not a finite number"),
        BadFile(name: "empty value", csv: "unit_id,arm,value\nu1,control,\n",
                message: "line 2, column value: empty"),
        BadFile(name: "non-numeric pre_value", csv: "unit_id,arm,value,pre_value\nu1,control,1,2\nu2,treatment,2,n/a\n",
                cuped: true, message: "line 3, column pre_value: 'n/a' is not a finite number"),
        BadFile(name: "empty arm", csv: "unit_id,arm,value\nu1,control,1\nu2, ,2\n",
                message: "line 3, column arm: empty arm name"),
        BadFile(name: "short row", csv: "unit_id,arm,value\nu1,control,1\nu2,treatment\n",
                message: "line 3, column value: missing: the row has 2 fields"),
        BadFile(name: "duplicate unit", csv: "unit_id,arm,value\nu1,control,1\nu1,treatment,2\n",
                message: "line 3, column unit_id: unit 'u1' already appeared on line 2"),
        BadFile(name: "one arm", csv: "unit_id,arm,value\nu1,control,1\nu2,control,2\n",
                message: "column arm: only one arm ('control')"),
        BadFile(name: "proportion outside 0/1", csv: "unit_id,arm,value\nu1,control,1\nu2,treatment,0.5\n",
                kind: .proportion, message: "line 3, column value: 0.5 is not 0 or 1"),
        BadFile(name: "unknown control", csv: file(), control: "baseline",
                message: "the baseline 'baseline' is not an arm of the data (arms: control, treatment)"),
        BadFile(name: "no units", csv: "unit_id,arm,value\n", message: "line 1: no units after the header"),
        BadFile(name: "empty file", csv: "", message: "the file is empty"),
        BadFile(name: "unclosed quote", csv: "unit_id,arm,value\nu1,\"control,1\n", message: "line 2: field 2: the quoted field"),
        BadFile(name: "header twice", csv: "unit_id,arm,value,Value\nu1,control,1,2\n",
                message: "line 1, column value: appears 2 times in the header"),
    ]

    @Test(arguments: badFiles)
    func refused(_ bad: BadFile) {
        #expect {
            try Self.analyse(bad.csv, kind: bad.kind, control: bad.control, cuped: bad.cuped)
        } throws: { error in
            guard let error = error as? ReportError else { return false }
            return error.code == .data && error.message.hasPrefix(bad.message)
        }
    }

    /// `variant` is `arm`; header names ignore case and spaces; extra columns are ignored.
    @Test func variantSynonymAndExtraColumns() throws {
        let arm = try Self.analyse(Self.file()).json
        #expect(try Self.analyse(Self.file(header: "unit_id,variant,value,pre_value")).json == arm)
        let extra = "segment,Unit_ID, Variant ,value,note\n" + Self.file().split(separator: "\n").dropFirst()
            .map { line in
                let fields = line.split(separator: ",")
                return "smb,\(fields[0]),\(fields[1]),\(fields[2]),x"
            }.joined(separator: "\n")
        #expect(try Self.analyse(extra).json == arm)
    }

    /// The baseline can be any arm; it is listed first and never compared with itself.
    @Test func otherBaseline() throws {
        let metric = try Self.analyse(Self.file(), control: "treatment").metrics[0]
        #expect(metric.arms.map(\.name) == ["treatment", "control"])
        #expect(metric.comparisons.map(\.arm) == ["control"])
        #expect(metric.comparisons.map(\.baseline) == ["treatment"])
    }

    /// `--cuped` without a pre_value column: no CUPED block, and the text says why.
    @Test func cupedWithoutPreValues() async throws {
        let analysis = try Self.analyse("unit_id,arm,value\nu1,control,1\nu2,control,2\nu3,treatment,2\nu4,treatment,4\n",
                                        cuped: true)
        #expect(analysis.metrics[0].comparisons[0].cuped == nil)
        let text = try await ExperimentAnalysisFixtures.renderer().render(analysis, as: .text)
        #expect(text.contains("CUPED: not available, the data has no pre-period value (pre_value)"))
    }

    /// Lifts the engine cannot estimate say why in JSON and text: one treatment unit gives no
    /// variance (too_few_units on both scales); a control mean of 0 (−1, 1) leaves the
    /// difference (2 − 0 = 2, shown in the note) but no relative lift.
    @Test(arguments: [
        ("unit_id,arm,value\nu1,control,1\nu2,control,2\nu3,treatment,5\n", "too_few_units", "too_few_units",
         "treatment: no CI: treatment has fewer than 2 units"),
        ("unit_id,arm,value\nu1,control,-1\nu2,control,1\nu3,treatment,1\nu4,treatment,3\n", nil, "zero_baseline_mean",
         "treatment: no relative lift: control's mean is 0; difference +2.000 ["),
    ])
    func unavailableLifts(_ csv: String, _ absoluteReason: String?, _ relativeReason: String, _ note: String) async throws {
        let analysis = try Self.analyse(csv)
        let comparison = analysis.json["metrics"][0]["comparisons"][0]
        #expect(comparison["absolute"]["reason"] == (absoluteReason.map { .string($0) } ?? .null))
        #expect((comparison["absolute"]["estimate"] == .null) == (absoluteReason != nil))
        #expect(comparison["relative"] == .object(["estimate": .null, "ci95": .null, "reason": .string(relativeReason)]))
        #expect(comparison["chance_to_win"] == .null)
        let text = try await ExperimentAnalysisFixtures.renderer().render(analysis, as: .text)
        #expect(text.contains(note), "\(text)")
    }

    @Test(arguments: [
        ("control=abc", "--weights: 'control=abc' is not NAME=SHARE"),
        ("control=50;treatment=50", "--weights: 'control=50;treatment=50' is not NAME=SHARE"),
        ("control=50,control=50", "--weights: 'control' is named twice"),
        ("control=-1,treatment=50", "--weights: the share of 'control' must be a number ≥ 0"),
        ("control=0,treatment=0", "--weights: at least one share must be positive"),
        ("=50,treatment=50", "--weights: an arm name is empty"),
        ("control=inf,treatment=1", "--weights: the share of 'control' must be a number ≥ 0"),
    ])
    func malformedWeights(_ text: String, _ message: String) {
        #expect {
            try ExperimentAnalysisRequest.parseWeights(text)
        } throws: { error in
            guard let error = error as? ReportError else { return false }
            return error.code == .usage && error.message.hasPrefix(message)
        }
    }

    /// The SRM check tests the intended split: srm.csv's 5000/4600 is a mismatch at 50/50 but
    /// exactly the split at 5000:4600 (χ² 0).
    @Test func weightsDriveTheSampleRatioCheck() throws {
        let csv = try ExperimentAnalysisFixtures.data("srm.csv")
        let weights = try ExperimentAnalysisRequest.parseWeights("control=5000, treatment=4600")
        let analysis = try ExperimentAnalysis(csv: csv, request: ExperimentAnalysisRequest(experiment: "srm", weights: weights))
        #expect(analysis.sampleRatio.check.chiSquared < 1e-20)
        #expect(analysis.sampleRatio.isOK)
    }

    /// Weights must name exactly the arms of the file: a data problem, not a usage one.
    @Test(arguments: [["control": 50], ["control": 50, "treatment": 25, "c": 25]])
    func weightsNameTheArms(_ weights: [String: Double]) {
        #expect {
            try Self.analyse(Self.file(), weights: weights)
        } throws: { error in
            (error as? ReportError)?.code == .data
                && (error as? ReportError)?.message.hasPrefix("--weights must name exactly the arms of the data") == true
        }
    }
}

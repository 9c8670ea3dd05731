import CXCore
import CXReports
import CXStats
import CXStore
import Foundation
import Testing

/// The experiment datasets of `Tests/CXStatsTests/Fixtures/experiments/` (see the README there):
/// per-unit CSVs and the JSON that `shared/tools/ab_reference.py` printed for them with gbstats
/// 0.8.0, read from the source tree relative to this file.
enum ExperimentAnalysisFixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CXStatsTests/Fixtures/experiments")

    static func data(_ file: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(file))
    }

    /// The harness JSON of `name`.
    static func reference(_ name: String) throws -> JSONValue {
        try JSONParser.parse(try data("\(name).json"))
    }

    /// The analysis of `name`.csv as `cxloop experiment analyze --from name.csv` makes it.
    static func analysis(_ name: String, kind: ExperimentMetricKind = .mean, cuped: Bool = true,
                         sequential: Bool = true) throws -> ExperimentAnalysis {
        try ExperimentAnalysis(csv: try data("\(name).csv"), request: ExperimentAnalysisRequest(
            experiment: name, kind: kind, cuped: cuped,
            sequentialTuning: sequential ? ExperimentAnalysisRequest.defaultSequentialTuning : nil))
    }

    /// The renderer with the repository's `dashboards-text` templates.
    static func renderer(colour: Bool = false) async throws -> ReportRenderer {
        let directory = try #require(ResourceDirectory.find("dashboards-text", variable: "CXLOOP_TEMPLATES"))
        return ReportRenderer(templates: try await ReportTemplates.load(directory: directory), style: TextStyle(colour: colour))
    }
}

extension JSONValue {
    /// The member `key` of an object, or null.
    subscript(_ key: String) -> JSONValue { objectValue?[key] ?? .null }

    /// The element at `index` of an array, or null.
    subscript(_ index: Int) -> JSONValue {
        guard case .array(let items) = self, items.indices.contains(index) else { return .null }
        return items[index]
    }

    /// The elements of an array, empty otherwise.
    var items: [JSONValue] {
        guard case .array(let items) = self else { return [] }
        return items
    }

    /// The object's keys, sorted.
    var keys: [String] { objectValue?.keys.sorted() ?? [] }
}

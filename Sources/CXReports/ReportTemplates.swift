import CXStore
import Mustache

/// The mustache templates of `dashboards-text/`, loaded once per command.
public struct ReportTemplates: Sendable {
    let library: MustacheLibrary

    /// Loads every `.mustache` file of `directory`, by default the `dashboards-text` folder
    /// found by `ResourceDirectory` (or `CXLOOP_TEMPLATES`).
    /// - Throws: `ReportError` `.usage` when the folder is missing or a template does not parse.
    public static func load(directory: String? = nil) async throws(ReportError) -> ReportTemplates {
        guard let path = directory ?? ResourceDirectory.find("dashboards-text", variable: "CXLOOP_TEMPLATES") else {
            throw ReportError(.usage, "could not find the report templates (dashboards-text); set CXLOOP_TEMPLATES to their folder")
        }
        do {
            return ReportTemplates(library: try await MustacheLibrary(directory: path))
        } catch {
            throw ReportError(.usage, "could not load the report templates in \(path): \(error)")
        }
    }

    func render(_ view: Any, template: String) throws(ReportError) -> String {
        guard let text = library.render(view, withTemplate: template) else {
            throw ReportError(.usage, "the report template \(template).mustache is missing from dashboards-text")
        }
        return text
    }
}

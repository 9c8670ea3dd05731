/// The output formats of every report command (DESIGN.md §8).
public enum ReportFormat: String, Sendable, CaseIterable {
    /// For people: aligned columns, sparklines, colour as a second signal.
    case text
    /// Stable and documented, numbers unrounded.
    case json
    /// One line per row, for spreadsheets.
    case csv
    /// Tables for a wiki page or a pull request.
    case markdown
}

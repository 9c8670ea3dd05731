import Foundation

/// RFC 4180 CSV lines.
enum CSVText {
    /// One line of `fields`, quoted where needed.
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                : field
        }.joined(separator: ",")
    }

    /// A number unrounded (as JSON has it), empty when absent or not finite.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return "\(value)"
    }

    static func count(_ value: Int?) -> String {
        value.map(String.init) ?? ""
    }
}

/// The timing rows of a benchmark's table: label, median, p90 and min of the samples.
public enum TimingTable {
    /// The width of the label column.
    public static let labelWidth = 44

    /// `12.3 ms` below 100 ms, `123 ms` above.
    public static func milliseconds(_ value: Double) -> String {
        Console.fixed(value, value < 100 ? 1 : 0) + " ms"
    }

    /// The header line over ``row(_:_:note:)``s.
    public static func header(_ label: String) -> String {
        pad(label, labelWidth) + pad("median", 12, right: true) + pad("p90", 12, right: true) + pad("min", 12, right: true)
    }

    /// One measurement; only the label and `note` when there are no samples.
    public static func row(_ label: String, _ samples: Samples?, note: String = "") -> String {
        guard let samples else { return pad(label, labelWidth) + note }
        return pad(label, labelWidth) + pad(milliseconds(samples.median), 12, right: true)
            + pad(milliseconds(samples.p90), 12, right: true) + pad(milliseconds(samples.min), 12, right: true)
            + (note.isEmpty ? "" : "  " + note)
    }

    /// `text` padded with spaces to `width` characters, on the left when `right`.
    public static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }
}

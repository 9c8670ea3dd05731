/// A one-line chart of a weekly series (DESIGN.md §8): one of ▁▂▃▄▅▆▇█ per week, scaled
/// between the series' minimum and maximum, and `·` for a week without a value.
public enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// The mark of a missing (no responses or suppressed) week.
    public static let missing: Character = "·"

    /// The sparkline of `values`, oldest first. A flat series draws at the middle level.
    public static func render(_ values: [Double?]) -> String {
        let present = values.compactMap { $0 }
        guard let low = present.min(), let high = present.max() else {
            return String(repeating: missing, count: values.count)
        }
        return String(values.map { value -> Character in
            guard let value else { return missing }
            guard high > low else { return levels[levels.count / 2 - 1] }
            let position = (value - low) / (high - low) * Double(levels.count - 1)
            return levels[Int(position.rounded())]
        })
    }
}

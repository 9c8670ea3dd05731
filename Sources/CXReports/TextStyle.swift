/// How text output may decorate: colour only as a second signal (▲/▼ already say it), and
/// off under `NO_COLOR` (https://no-color.org) or when stdout is not a terminal.
public struct TextStyle: Sendable {
    public var colour: Bool

    public init(colour: Bool) {
        self.colour = colour
    }

    /// Colour when `isTerminal` and `NO_COLOR` is unset or empty.
    public init(environment: [String: String], isTerminal: Bool) {
        colour = isTerminal && (environment["NO_COLOR"] ?? "").isEmpty
    }

    func green(_ text: String) -> String { paint(text, code: "32") }
    func red(_ text: String) -> String { paint(text, code: "31") }
    func dim(_ text: String) -> String { paint(text, code: "2") }

    private func paint(_ text: String, code: String) -> String {
        colour && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

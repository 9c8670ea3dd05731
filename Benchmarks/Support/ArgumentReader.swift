import Foundation

/// Reads `--name value`, `--name=value` and flags from a benchmark's command line (the
/// benchmarks link only the cxloop libraries and swift-log, not ArgumentParser).
public struct ArgumentReader: Sendable {
    private var remaining: ArraySlice<String>
    /// The name of the argument being read.
    public private(set) var name = ""
    private var inline: String?
    /// The argument as given, for an "unknown argument" message.
    public private(set) var argument = ""

    /// A reader of `arguments` (without the program name).
    public init(_ arguments: [String]) {
        remaining = arguments[...]
    }

    /// Moves to the next argument and returns its name (`--runs` of `--runs=3`); nil at the end.
    public mutating func next() -> String? {
        guard let argument = remaining.popFirst() else { return nil }
        self.argument = argument
        if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
            name = String(argument[..<equals])
            inline = String(argument[argument.index(after: equals)...])
        } else {
            name = argument
            inline = nil
        }
        return name
    }

    /// The current argument's value.
    public mutating func value() throws(UsageError) -> String {
        if let inline { return inline }
        guard let next = remaining.popFirst() else { throw UsageError("\(name) needs a value") }
        return next
    }

    /// The current argument's value as an integer in `range` (underscores allowed).
    public mutating func integer(_ range: ClosedRange<Int>) throws(UsageError) -> Int {
        let text = try value()
        guard let number = Int(text.replacingOccurrences(of: "_", with: "")), range.contains(number) else {
            throw UsageError("\(name) must be an integer in \(range.lowerBound)…\(range.upperBound), not '\(text)'")
        }
        return number
    }

    /// The error for an argument no case matched.
    public var unknown: UsageError { UsageError("unknown argument '\(argument)'") }
}

/// A command-line mistake, or the request for help.
public struct UsageError: Error, Sendable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public static let help = UsageError("")
}

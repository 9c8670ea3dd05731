import PropertyBased

/// One change to one field of a valid item: delete it, replace its value (a wrong type, a
/// hostile string or number, malformed text), or add a key the endpoint does not know.
struct Mutation: Sendable, CustomStringConvertible {
    enum Change: Sendable {
        case delete
        case replace(FuzzDocument)
        case addKey(FuzzString, FuzzDocument)
    }

    /// Which field, as a number reduced modulo the item's field count when applied.
    var target: Int
    var change: Change

    var description: String {
        switch change {
        case .delete: "delete field #\(target)"
        case .replace(let value): "replace field #\(target) by \(value)"
        case .addKey(let key, let value): "add \(key): \(value) at container #\(target)"
        }
    }

    static let generator: Generator<Mutation, some SendableSequenceType> = zip(
        Gen.int(in: 0...1_000),
        Gen<Int?>.element(of: [0, 1, 1, 1, 2]),
        Gen<FuzzDocument>.frequency((3, FuzzGen.scalar), (1, FuzzGen.value(depth: 2))),
        FuzzGen.string
    ).map { target, kind, value, key in
        switch kind! {
        case 0: Mutation(target: target, change: .delete)
        case 1: Mutation(target: target, change: .replace(value))
        default: Mutation(target: target, change: .addKey(key, value))
        }
    }

    /// The mutated item and the field path that any error about it must name (DESIGN.md §8:
    /// `answers.<id>` for answers, the top-level key otherwise); `nil` when the path is
    /// itself malformed text.
    func apply(to item: FuzzDocument) -> (item: FuzzDocument, field: String?) {
        guard let members = item.members else { return (item, nil) }
        // Fields: every top-level member and every member of a nested object.
        var paths: [[Int]] = []
        for (position, member) in members.enumerated() {
            paths.append([position])
            for inner in (member.value.members ?? []).indices { paths.append([position, inner]) }
        }
        switch change {
        case .addKey(let key, let value):
            // Containers: the item itself, or one of its nested objects.
            let containers = [[]] + members.indices.filter { members[$0].value.members != nil }.map { [$0] }
            let container = containers[target % containers.count]
            let mutated = Self.edit(item, at: container) { object in
                guard case .object(let inner) = object else { return object }
                return .object(inner + [FuzzMember(key, value)])
            }
            return (mutated, Self.field(item, at: container, adding: key))
        case .delete, .replace:
            let path = paths[target % paths.count]
            let field = Self.field(item, at: path, adding: nil)
            let mutated = Self.edit(item, at: Array(path.dropLast())) { object in
                guard case .object(var inner) = object else { return object }
                if case .replace(let value) = change {
                    inner[path.last!].value = value
                } else {
                    inner.remove(at: path.last!)
                }
                return .object(inner)
            }
            return (mutated, field)
        }
    }

    private static func edit(_ document: FuzzDocument, at path: [Int], _ change: (FuzzDocument) -> FuzzDocument) -> FuzzDocument {
        guard let first = path.first else { return change(document) }
        guard case .object(var members) = document else { return document }
        members[first].value = edit(members[first].value, at: Array(path.dropFirst()), change)
        return .object(members)
    }

    private static func field(_ document: FuzzDocument, at path: [Int], adding key: FuzzString?) -> String? {
        var names: [String] = []
        var current = document
        for position in path {
            guard let members = current.members, let name = members[position].key.decoded else { return nil }
            names.append(name)
            current = members[position].value
        }
        if let key {
            guard let name = key.decoded else { return nil }
            names.append(name)
        }
        return names.joined(separator: ".")
    }
}

/// How a batch of items travels: one object, a JSON array, or NDJSON with blank lines,
/// CRLF line ends and possibly a last line cut short.
struct BatchForm: Sendable, CustomStringConvertible {
    enum Kind: Sendable { case single, array, ndjson }
    var kind: Kind
    var crlf: Bool
    /// Blank lines (spaces, tabs, nothing) before each item, and after the last.
    var blankLines: [String]
    /// For NDJSON: the last line is cut to this fraction of its length (never whole).
    var truncateLast: Double?

    var description: String {
        switch kind {
        case .single: "single object"
        case .array: "JSON array"
        case .ndjson:
            "NDJSON\(crlf ? " CRLF" : "")\(blankLines.contains { !$0.isEmpty } ? " with blank lines" : "")"
                + (truncateLast.map { " cut at \(Int($0 * 100))% of the last line" } ?? "")
        }
    }

    var contentType: String { kind == .ndjson ? "application/x-ndjson" : "application/json" }

    static let generator: Generator<BatchForm, some SendableSequenceType> = zip(
        Gen<Kind?>.element(of: [.single, .array, .ndjson, .ndjson]),
        Gen.bool,
        Gen<String?>.element(of: ["", "", "", " ", "\t", " \t "]).map { $0! }.array(of: 6),
        Gen.double(in: 0.05...0.95).optional(valueRate: 0.15)
    ).map { kind, crlf, blankLines, cut in
        BatchForm(kind: kind!, crlf: crlf, blankLines: blankLines, truncateLast: kind == .ndjson ? cut : nil)
    }

    /// The body for `items` (a single object uses only the first).
    func body(_ items: [FuzzDocument]) -> [UInt8] {
        switch kind {
        case .single: return items[0].bytes
        case .array: return FuzzDocument.array(items).bytes
        case .ndjson:
            let end = Array((crlf ? "\r\n" : "\n").utf8)
            var output: [UInt8] = []
            for (position, item) in items.enumerated() {
                let blank = blankLines[position % blankLines.count]
                if !blank.isEmpty { output += Array(blank.utf8) + end }
                var line = item.bytes
                if position == items.count - 1, let truncateLast {
                    line = Array(line.prefix(max(1, min(line.count - 1, Int(Double(line.count) * truncateLast)))))
                }
                output += line + end
            }
            if let last = blankLines.last, !last.isEmpty { output += Array(last.utf8) }
            return output
        }
    }

    /// How many items the body holds.
    func itemCount(_ items: [FuzzDocument]) -> Int { kind == .single ? 1 : items.count }
}

/// One reason an ingested item was refused: which item, which field, which rule.
///
/// Encodes as `{"index":3,"field":"answers.nps","message":"must be an integer 0–10"}`
/// (DESIGN.md §5). `index` is the item's position in the request (0-based; for NDJSON
/// the line's item number), `nil` for problems with the request as a whole.
public struct ValidationIssue: Sendable, Hashable, Codable {
    public var index: Int?
    public var field: String
    public var message: String

    public init(index: Int?, field: String, message: String) {
        self.index = index
        self.field = field
        self.message = message
    }
}

/// Everything wrong with a request or an item; thrown or returned as one error.
public struct ValidationFailure: Error, Sendable, Hashable {
    public var issues: [ValidationIssue]

    public init(_ issues: [ValidationIssue]) {
        self.issues = issues
    }
}

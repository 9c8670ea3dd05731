/// A survey definition as clients `PUT` it (DESIGN.md §5). Definitions are versioned by
/// the store; answers keep the version they were validated against.
public struct SurveyDefinition: Sendable, Hashable, Codable {
    public var title: String
    public var population: Population
    public var fields: [SurveyField]

    public init(title: String, population: Population, fields: [SurveyField]) {
        self.title = title
        self.population = population
        self.fields = fields
    }

    /// The field with the given id, if the survey has one.
    public func field(_ id: String) -> SurveyField? {
        fields.first { $0.id == id }
    }

    /// Checks whether a string is usable as a survey key or field id: a letter or digit
    /// followed by up to 63 letters, digits, `_` or `-`.
    public static func isValidIdentifier(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, scalars.count <= 64, first.isASCIIAlphanumeric else { return false }
        return scalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "_" || $0 == "-" }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}

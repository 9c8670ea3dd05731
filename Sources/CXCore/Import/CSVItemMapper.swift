/// Turns CSV rows into ingestion items shaped like the JSON bodies of `POST /v1/responses`
/// and `POST /v1/outcomes`, so CSV imports go through the same validation (DESIGN.md §5).
///
/// The first record is the header. Columns map as follows:
/// - `answer.<field>` → `answers.<field>` (responses only; every response row gets an
///   `answers` object, empty when every answer is skipped);
/// - `attr.<name>` → `attributes.<name>`, always a string;
/// - any other column → a top-level key with a string value, so the known ones
///   (`survey`, `submission_id`, `respondent`, `submitted_at`, `status`; `event_id`, `unit`,
///   `type`, `value`, `occurred_at`) are validated as usual and unknown ones are reported
///   by the validator as unknown keys.
///
/// An empty cell is omitted (a skipped answer, an absent attribute). Cells of `answer.*`
/// columns and of the outcome `value` column that are a decimal number (`9`, `4.5`, `-3`,
/// `1e3`) become numbers; everything else stays a string. The exception: an `answer.<field>`
/// cell whose field is a `text` or `choice` item of the row's survey (looked up by its
/// `survey` cell in the given definitions) always stays a string. Header names are trimmed
/// of surrounding spaces and tabs; cells are kept exactly as written.
public enum CSVItemMapper {
    /// Which ingestion body the rows stand for.
    public enum Kind: Sendable, Hashable {
        case responses
        case outcomes
    }

    /// Parses `csv` with ``CSVReader`` and maps its records (see the overload taking records).
    public static func items(
        from csv: String, kind: Kind, surveys: [String: SurveyDefinition] = [:]
    ) throws(CSVReader.MalformedCSV) -> [(line: Int, item: JSONValue)] {
        try items(from: CSVReader.parse(csv), kind: kind, surveys: surveys)
    }

    /// Maps parsed records (header first) to items, each with the line its row starts on.
    /// `surveys` (definitions by survey key) types answer cells by their field; a row whose
    /// survey or field is not among them gets the number-or-string rule.
    ///
    /// Throws when there is no header, a header name is empty or repeated, a column is
    /// named `answers`/`attributes` (use `answer.<field>`/`attr.<name>`), or a row has a
    /// different number of cells than the header.
    public static func items(
        from records: [CSVReader.Record], kind: Kind, surveys: [String: SurveyDefinition] = [:]
    ) throws(CSVReader.MalformedCSV) -> [(line: Int, item: JSONValue)] {
        guard let header = records.first else {
            throw CSVReader.MalformedCSV(line: 1, message: "the file is empty; expected a header row naming the columns")
        }
        let columns = try header.fields.map { name throws(CSVReader.MalformedCSV) in
            try column(named: name, kind: kind, headerLine: header.line)
        }
        var seen: Set<String> = []
        for name in columns.map(\.name) where !seen.insert(name).inserted {
            throw CSVReader.MalformedCSV(line: header.line, message: "column '\(name)' appears more than once in the header")
        }
        let surveyColumn = columns.firstIndex { $0.name == "survey" }

        var items: [(line: Int, item: JSONValue)] = []
        items.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            guard record.fields.count == columns.count else {
                throw CSVReader.MalformedCSV(
                    line: record.line,
                    message: "the row has \(record.fields.count) cells but the header has \(columns.count) columns")
            }
            let survey = surveyColumn.flatMap { surveys[record.fields[$0]] }
            var members: [String: JSONValue] = [:]
            var answers: [String: JSONValue] = [:]
            var attributes: [String: JSONValue] = [:]
            for (column, cell) in zip(columns, record.fields) where !cell.isEmpty {
                switch column {
                case .answer(let field):
                    let type = survey?.field(field)?.type
                    answers[field] = type == .text || type == .choice ? .string(cell) : numberOrString(cell)
                case .attribute(let name): attributes[name] = .string(cell)
                case .topLevel(let key): members[key] = key == "value" && kind == .outcomes ? numberOrString(cell) : .string(cell)
                }
            }
            if kind == .responses { members["answers"] = .object(answers) }
            if !attributes.isEmpty { members["attributes"] = .object(attributes) }
            items.append((record.line, .object(members)))
        }
        return items
    }

    private enum Column {
        case topLevel(String)
        case answer(String)
        case attribute(String)

        var name: String {
            switch self {
            case .topLevel(let key): key
            case .answer(let field): "answer.\(field)"
            case .attribute(let name): "attr.\(name)"
            }
        }
    }

    private static func column(named rawName: String, kind: Kind, headerLine: Int) throws(CSVReader.MalformedCSV) -> Column {
        let name = rawName.trimmingSpacesAndTabs()
        func fail(_ message: String) -> CSVReader.MalformedCSV {
            CSVReader.MalformedCSV(line: headerLine, message: message)
        }
        if name.isEmpty { throw fail("a header cell is empty; every column needs a name") }
        if kind == .responses, name.hasPrefix("answer.") {
            let field = String(name.dropFirst("answer.".count))
            if field.isEmpty { throw fail("column 'answer.' needs a field id, e.g. answer.nps") }
            return .answer(field)
        }
        if name.hasPrefix("attr.") {
            let attribute = String(name.dropFirst("attr.".count))
            if attribute.isEmpty { throw fail("column 'attr.' needs an attribute name, e.g. attr.segment") }
            return .attribute(attribute)
        }
        if name == "answers", kind == .responses {
            throw fail("column 'answers' is not supported; put each answer in its own answer.<field> column")
        }
        if name == "attributes" {
            throw fail("column 'attributes' is not supported; put each attribute in its own attr.<name> column")
        }
        return .topLevel(name)
    }

    /// A decimal number (`-`? digits, optional fraction and exponent) as `.number`, else `.string`.
    /// Stricter than `Double(_:)`, which would also read `0x1p3`, `inf` or `nan`.
    static func numberOrString(_ cell: String) -> JSONValue {
        if isDecimalNumber(cell), let number = Double(cell), number.isFinite { return .number(number) }
        return .string(cell)
    }

    private static func isDecimalNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars
        func digits() -> Int {
            let count = scalars.prefix { ("0"..."9").contains($0) }.count
            scalars = scalars.dropFirst(count)
            return count
        }
        if scalars.first == "-" { scalars = scalars.dropFirst() }
        guard digits() > 0 else { return false }
        if scalars.first == "." {
            scalars = scalars.dropFirst()
            guard digits() > 0 else { return false }
        }
        if scalars.first == "e" || scalars.first == "E" {
            scalars = scalars.dropFirst()
            if scalars.first == "+" || scalars.first == "-" { scalars = scalars.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return scalars.isEmpty
    }
}

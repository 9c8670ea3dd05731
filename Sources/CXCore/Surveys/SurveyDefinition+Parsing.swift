extension SurveyDefinition {
    /// Validates a JSON survey definition completely and returns it, or every problem found.
    ///
    /// Rules: `title` 1–200 characters; `population` `customer` or `employee`; `fields` a
    /// non-empty array of at most 500 items with unique ids; `scale` only on csat, ces and
    /// likert items, two integers with min < max spanning at most 100 points; `index` and
    /// `reverse` only on likert items; `options` only on choice items.
    public static func parse(_ json: JSONValue) -> Result<SurveyDefinition, ValidationFailure> {
        guard case .object(let members) = json else {
            return .failure(ValidationFailure([ValidationIssue(index: nil, field: "", message: "must be a JSON object, got \(json.typeName)")]))
        }
        var reader = ObjectReader(members: members, index: nil)
        reader.rejectUnknownKeys(allowed: ["title", "population", "fields"])
        let title = reader.string("title", required: true)
        var population: Population?
        if let text = reader.string("population", required: true) {
            population = Population(rawValue: text)
            if population == nil { reader.fail("population", "must be one of customer, employee") }
        }
        var fields: [SurveyField] = []
        var issues: [ValidationIssue] = []
        switch members["fields"] {
        case .array(let items) where !items.isEmpty && items.count <= 500:
            var seen: Set<String> = []
            for (position, item) in items.enumerated() {
                let (field, fieldIssues) = parseField(item, path: "fields[\(position)]")
                issues += fieldIssues
                if let id = item.objectValue?["id"]?.stringValue, !seen.insert(id).inserted {
                    issues.append(ValidationIssue(index: nil, field: "fields[\(position)].id", message: "duplicate field id '\(id)'"))
                } else if let field {
                    fields.append(field)
                }
            }
        case .array:
            reader.fail("fields", "must contain 1–500 fields")
        case nil, .null?:
            reader.fail("fields", "is required")
        case let other?:
            reader.fail("fields", "must be an array, got \(other.typeName)")
        }
        issues = reader.issues + issues
        guard issues.isEmpty, let title, let population else { return .failure(ValidationFailure(issues)) }
        return .success(SurveyDefinition(title: title, population: population, fields: fields))
    }

    private static func parseField(_ json: JSONValue, path: String) -> (SurveyField?, [ValidationIssue]) {
        guard case .object(let members) = json else {
            return (nil, [ValidationIssue(index: nil, field: path, message: "must be an object, got \(json.typeName)")])
        }
        var issues: [ValidationIssue] = []
        func fail(_ key: String, _ message: String) {
            issues.append(ValidationIssue(index: nil, field: "\(path).\(key)", message: message))
        }
        let allowed: Set = ["id", "type", "scale", "index", "reverse", "options"]
        for key in members.keys.sorted() where !allowed.contains(key) {
            fail(key, "unknown key; allowed keys are \(allowed.sorted().joined(separator: ", "))")
        }
        let id = members["id"]?.stringValue
        if id == nil || !isValidIdentifier(id!) {
            fail("id", "must be a string of 1–64 letters, digits, '_' or '-' starting with a letter or digit")
        }
        let type = members["type"]?.stringValue.flatMap(FieldType.init(rawValue:))
        if type == nil {
            fail("type", "must be one of \(FieldType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var scale: [Int]?
        if let value = members["scale"], value != .null {
            let bounds = value.integerPair
            if type == .nps || type == .enps || type == .choice || type == .text {
                fail("scale", "is not allowed on \(type!.rawValue) items")
            } else if let bounds, bounds.0 < bounds.1, bounds.1 - bounds.0 <= 100 {
                scale = [bounds.0, bounds.1]
            } else {
                fail("scale", "must be [min, max] with integers min < max at most 100 apart")
            }
        }
        var index: String?
        if let value = members["index"], value != .null {
            if type != .likert { fail("index", "is only allowed on likert items") }
            if let name = value.stringValue, isValidIdentifier(name) {
                index = name
            } else {
                fail("index", "must be an identifier such as \"engagement\"")
            }
        }
        var reverse: Bool?
        if let value = members["reverse"], value != .null {
            if type != .likert { fail("reverse", "is only allowed on likert items") }
            if case .bool(let flag) = value { reverse = flag } else { fail("reverse", "must be true or false") }
        }
        var options: [String]?
        if let value = members["options"], value != .null {
            if type != .choice { fail("options", "is only allowed on choice items") }
            if case .array(let items) = value, !items.isEmpty,
                case let strings = items.compactMap(\.stringValue), strings.count == items.count,
                Set(strings).count == strings.count, !strings.contains(where: \.isEmpty)
            {
                options = strings
            } else {
                fail("options", "must be a non-empty array of distinct non-empty strings")
            }
        }
        guard issues.isEmpty, let id, let type else { return (nil, issues) }
        return (SurveyField(id: id, type: type, scale: scale, index: index, reverse: reverse, options: options), [])
    }
}

extension JSONValue {
    /// `[a, b]` with two integral numbers, as integers.
    fileprivate var integerPair: (Int, Int)? {
        guard case .array(let items) = self, items.count == 2,
            let first = items[0].numberValue, let second = items[1].numberValue,
            first == first.rounded(), second == second.rounded(), abs(first) < 1e6, abs(second) < 1e6
        else { return nil }
        return (Int(first), Int(second))
    }
}

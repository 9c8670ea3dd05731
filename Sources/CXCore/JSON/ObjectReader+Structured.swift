/// Numbers, string lists, number maps and nested objects, for definitions richer than one
/// ingested item (actions, suppression rules, contact caps, policy weights).
extension ObjectReader {
    /// An optional number (the parser admits finite numbers only); `nil` when absent or null.
    mutating func number(_ key: String, required: Bool = false) -> Double? {
        switch members[key] {
        case nil, .null?:
            if required { fail(key, "is required") }
            return nil
        case .number(let number)?: return number
        case let other?:
            fail(key, "must be a number, got \(other.typeName)")
            return nil
        }
    }

    /// An optional array of strings, in order; `nil` when absent or null. Elements that are not
    /// 1–200 characters without control characters are reported as `key[i]` and left out.
    mutating func strings(_ key: String) -> [String]? {
        elements(key)?.map(\.string)
    }

    /// The valid strings of the array at `key` with their fields (`key[i]`).
    private mutating func elements(_ key: String) -> [(field: String, string: String)]? {
        switch members[key] {
        case nil, .null?: return nil
        case .array(let items)?:
            return items.enumerated().compactMap { position, item in
                let field = "\(key)[\(position)]"
                var element = ObjectReader(members: [field: item], index: index)
                let string = element.string(field, required: true)
                for issue in element.issues { fail(issue.field, issue.message) }
                return string.map { (field, $0) }
            }
        case let other?:
            fail(key, "must be an array of strings, got \(other.typeName)")
            return nil
        }
    }

    /// An optional object whose values are numbers (`{"sms":0.05}`), in name order; `nil`
    /// when absent or null. Members that are not numbers are reported as `key.name`.
    mutating func numbers(_ key: String) -> [(name: String, value: Double)]? {
        nested(key, allowed: nil) { reader in
            reader.members.keys.sorted().compactMap { name in reader.number(name, required: true).map { (name: name, value: $0) } }
        }
    }

    /// The object at `key` read by `body`, its issues reported under `key.`; `nil` when absent
    /// or null. Members outside `allowed` are unknown keys (`nil` allows any).
    mutating func nested<T>(_ key: String, allowed: Set<String>?, _ body: (inout ObjectReader) -> T) -> T? {
        switch members[key] {
        case nil, .null?: return nil
        case .object(let inner)?:
            var reader = ObjectReader(members: inner, index: index)
            if let allowed { reader.rejectUnknownKeys(allowed: allowed) }
            let result = body(&reader)
            for issue in reader.issues { fail("\(key).\(issue.field)", issue.message) }
            return result
        case let other?:
            fail(key, "must be an object, got \(other.typeName)")
            return nil
        }
    }
}

extension ObjectReader {
    /// A reader of a definition body (`PUT /v1/actions/{key}` and the like): it must be an
    /// object holding no NUL characters, and only `allowed` keys are accepted.
    static func document(_ json: JSONValue, allowed: Set<String>) -> Result<ObjectReader, ValidationFailure> {
        guard case .object(let members) = json else {
            return .failure(ValidationFailure([ValidationIssue(index: nil, field: "", message: "must be a JSON object, got \(json.typeName)")]))
        }
        if let path = json.pathContainingNUL() {
            return .failure(ValidationFailure([ValidationIssue(index: nil, field: path, message: "must not contain NUL characters (\\u0000)")]))
        }
        var reader = ObjectReader(members: members, index: nil)
        reader.rejectUnknownKeys(allowed: allowed)
        return .success(reader)
    }

    /// `value` when neither reading nor its `rules` found a problem. Otherwise every reading
    /// issue, and the rule issues on fields that reading did not already report on or inside
    /// (an unknown channel is not also reported as "no channels").
    func result<T>(_ value: T, rules: [ValidationIssue]) -> Result<T, ValidationFailure> {
        let consequences = rules.filter { rule in
            issues.contains { $0.field == rule.field || $0.field.hasPrefix(rule.field + ".") || $0.field.hasPrefix(rule.field + "[") }
        }
        let all = issues + rules.filter { !consequences.contains($0) }
        return all.isEmpty ? .success(value) : .failure(ValidationFailure(all))
    }

    /// A string naming a case of `T` (`"kind":"offer"`); `nil` when absent, null or unknown.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, required: Bool) -> T? where T.RawValue == String {
        string(key, required: required, maxLength: 64).flatMap { named($0, field: key) }
    }

    /// An array of strings naming cases of `T` (`"kinds":["offer"]`); unknown names are
    /// reported as `key[i]` and left out. `nil` when absent or null.
    mutating func choices<T: RawRepresentable & CaseIterable>(_ key: String) -> [T]? where T.RawValue == String {
        elements(key).map { elements in elements.compactMap { named($0.string, field: $0.field) } }
    }

    /// The case of `T` called `name`, or `nil` after reporting it unknown at `field`.
    mutating func named<T: RawRepresentable & CaseIterable>(_ name: String, field: String) -> T? where T.RawValue == String {
        guard let value = T(rawValue: name) else {
            fail(field, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), got '\(name)'")
            return nil
        }
        return value
    }
}

extension SuppressionRule {
    /// The keys of a suppression rule body.
    public static let bodyKeys: Set<String> = ["name", "kinds", "channels", "after_event", "within_days", "min_value"]

    /// Validates a JSON suppression rule completely and returns it, or every problem found,
    /// each naming its field (see ``SuppressionRule`` for the form). `name`, `after_event` and
    /// `within_days` are required.
    public static func parse(_ json: JSONValue) -> Result<SuppressionRule, ValidationFailure> {
        ObjectReader.document(json, allowed: bodyKeys).flatMap { document in
            var reader = document
            let rule = SuppressionRule(
                name: reader.string("name", required: true, maxLength: 64) ?? "", kinds: reader.choices("kinds") ?? [],
                channels: reader.choices("channels") ?? [], afterEvent: reader.string("after_event", required: true, maxLength: 64) ?? "",
                withinDays: reader.number("within_days", required: true) ?? 1, minValue: reader.number("min_value"))
            return reader.result(rule, rules: rule.issues)
        }
    }
}

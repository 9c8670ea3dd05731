import CXCore

extension SuppressionRule {
    /// Whether one of the events triggers the rule: of type ``afterEvent``, at most
    /// ``withinDays`` days ago, with a value ≥ ``minValue`` when the rule sets one.
    func isTriggered(by events: [CustomerProfile.Event]) -> Bool {
        events.contains { event in
            event.type == afterEvent && event.daysAgo <= withinDays
                && (minValue.map { minimum in event.value.map { $0 >= minimum } ?? false } ?? true)
        }
    }
}

/// One unit's follow-up: the time (e.g. days) until the event, or until censoring when `event`
/// is false.
public struct SurvivalObservation: Sendable, Hashable, Codable {
    /// Follow-up time.
    public var time: Double
    /// True when the event (e.g. churn) happened at `time`, false when censored there.
    public var event: Bool

    /// An observation from its parts.
    public init(time: Double, event: Bool) {
        self.time = time
        self.event = event
    }
}

extension Array where Element == SurvivalObservation {
    /// The distinct event times in ascending order with, at each, the number at risk (time ≥ t)
    /// and the number of events; censorings tied with events count as at risk (Kalbfleisch &
    /// Prentice 2002 §1.4).
    func eventTable() -> [(time: Double, atRisk: Int, events: Int)] {
        let sorted = self.sorted { $0.time < $1.time }
        var table: [(time: Double, atRisk: Int, events: Int)] = []
        var index = 0
        while index < sorted.count {
            let time = sorted[index].time
            var events = 0
            var end = index
            while end < sorted.count && sorted[end].time == time {
                if sorted[end].event { events += 1 }
                end += 1
            }
            if events > 0 { table.append((time, sorted.count - index, events)) }
            index = end
        }
        return table
    }
}

import CXCore
import CXStats
import Foundation

/// One synthetic week of CX data: the example surveys, customer and employee responses,
/// and behavioural outcomes, generated reproducibly from a seed.
///
/// The world: customers in segments (smb, mid, enterprise) and channels answer a support
/// follow-up (NPS, CSAT, CES, comment); employees answer a pulse (eNPS and a four-item
/// engagement index with one reversed item). Some customers first send a partial
/// response and complete it later; outcomes are purchases, service contacts, costs to
/// serve, loyalty joins and leaves, and churn (a different 2.5% of customers each week).
///
/// `moodShift` and `effortShift` move the customers' answers (NPS and CSAT; CES) so a
/// history of weeks can carry planted week-over-week changes (`plantedHistory`).
public struct SyntheticWeek: Sendable {
    public var weekStart: Date
    public var customers: Int
    public var employees: Int
    public var seed: UInt64
    /// Added to every customer's mood (0.45…1 scale): +0.06 lifts NPS by roughly 20 points.
    public var moodShift: Double
    /// Added to the ease behind CES (0…1 scale): negative makes service harder.
    public var effortShift: Double

    /// - Parameter weekStart: Monday 00:00 UTC of the week to generate.
    public init(weekStart: Date, customers: Int = 600, employees: Int = 40, seed: UInt64 = 45, moodShift: Double = 0,
                effortShift: Double = 0) {
        self.weekStart = weekStart
        self.customers = customers
        self.employees = employees
        self.seed = seed
        self.moodShift = moodShift
        self.effortShift = effortShift
    }

    /// `weeks` consecutive weeks ending with the one starting `lastWeekStart`, oldest first:
    /// a steady world with small noise whose last week has the planted changes a weekly
    /// report must flag — customers happier (NPS and CSAT ▲) but service harder (CES ▼).
    public static func plantedHistory(lastWeekStart: Date, weeks: Int = 12, customers: Int = 600) -> [SyntheticWeek] {
        (0..<weeks).map { index in
            let start = lastWeekStart.addingTimeInterval(-Double(weeks - 1 - index) * 7 * 86_400)
            let last = index == weeks - 1
            return SyntheticWeek(weekStart: start, customers: customers, moodShift: last ? 0.06 : 0,
                                 effortShift: last ? -0.2 : 0)
        }
    }

    /// The ISO-week-like ordinal of `weekStart`, so each week draws different noise and churners.
    private var weekNumber: UInt64 { UInt64(max(0, weekStart.timeIntervalSince1970) / (7 * 86_400)) }

    /// The survey definitions, by key, as JSON bodies of `PUT /v1/surveys/{key}`.
    public static let surveys: [(key: String, definition: SurveyDefinition)] = [
        ("support", SurveyDefinition(title: "Support follow-up", population: .customer, fields: [
            SurveyField(id: "nps", type: .nps),
            SurveyField(id: "sat", type: .csat, scale: [1, 5]),
            SurveyField(id: "effort", type: .ces, scale: [1, 7]),
            SurveyField(id: "comment", type: .text),
        ])),
        ("pulse", SurveyDefinition(title: "Employee pulse", population: .employee, fields: [
            SurveyField(id: "enps", type: .enps),
            SurveyField(id: "q01", type: .likert, scale: [1, 5], index: "engagement"),
            SurveyField(id: "q02", type: .likert, scale: [1, 5], index: "engagement"),
            SurveyField(id: "q03", type: .likert, scale: [1, 5], index: "engagement", reverse: true),
            SurveyField(id: "q04", type: .likert, scale: [1, 5], index: "engagement"),
        ])),
    ]

    /// Responses as JSON items for `POST /v1/responses`, in submission order.
    public func responses() -> [JSONValue] {
        var generator = SplitMix64(seed: seed &+ weekNumber &* 1_000_003)
        var items: [JSONValue] = []
        let segments = ["smb", "mid", "enterprise"]
        let channels = ["web", "app", "call"]
        let comments = ["quick", "took too long", "friendly agent", "had to call twice", ""]
        for customer in 0..<customers {
            let segment = segments[customer % segments.count]
            // Enterprise customers are happier this week: the planted difference.
            // Mood 0.45…1 gives a typical support NPS near +10 and CSAT near 75%.
            let mood = Double.random(in: 0.45...1, using: &generator) + (segment == "enterprise" ? 0.15 : 0) + moodShift
            let nps = min(10, max(0, Int((mood * 11).rounded(.down))))
            let sat = min(5, max(1, 1 + Int(mood * 5)))
            let ease = mood * 0.7 + Double.random(in: 0...0.3, using: &generator) + effortShift
            let effort = min(7, max(1, 1 + Int(ease * 7)))
            let submittedAt = weekStart.addingTimeInterval(Double.random(in: 0..<(7 * 86_400 - 7200), using: &generator))
            var answers: [String: JSONValue] = ["nps": .number(Double(nps)), "sat": .number(Double(sat))]
            if Double.random(in: 0...1, using: &generator) < 0.85 { answers["effort"] = .number(Double(effort)) }
            let comment = comments.randomElement(using: &generator)!
            if !comment.isEmpty { answers["comment"] = .string(comment) }
            let attributes: [String: JSONValue] = [
                "segment": .string(segment), "channel": .string(channels.randomElement(using: &generator)!), "region": .string("eu"),
            ]
            let submission = "s-\(seedTag)-\(customer)"
            if customer % 10 == 0 {
                // A partial response first (NPS only), completed an hour later.
                items.append(response("support", submission, "cust-\(customer)", submittedAt, "partial", ["nps": .number(Double(nps))], attributes))
            }
            items.append(response("support", submission, "cust-\(customer)", submittedAt.addingTimeInterval(customer % 10 == 0 ? 3600 : 0), "completed", answers, attributes))
        }
        for employee in 0..<employees {
            // Each employee's engagement is their own (stable from week to week) plus a little noise.
            let engagement = 0.25 + 0.7 * Double((employee * 7919) % 97) / 96 + Double.random(in: -0.08...0.08, using: &generator)
            func likert(_ reverse: Bool = false) -> JSONValue {
                let value = min(5, max(1, 1 + Int(engagement * 4.99)))
                return .number(Double(reverse ? 6 - value : value))
            }
            var answers: [String: JSONValue] = [
                "enps": .number(Double(min(10, Int(engagement * 11)))), "q01": likert(), "q02": likert(), "q03": likert(true),
            ]
            if employee % 7 != 0 { answers["q04"] = likert() }
            let submittedAt = weekStart.addingTimeInterval(Double.random(in: 0..<(5 * 86_400), using: &generator))
            items.append(response("pulse", "p-\(seedTag)-\(employee)", nil, submittedAt, "completed", answers, ["team": .string(["sales", "support", "product"][employee % 3])]))
        }
        return items
    }

    /// Outcomes as JSON items for `POST /v1/outcomes`.
    public func outcomes() -> [JSONValue] {
        var generator = SplitMix64(seed: seed &+ 1 &+ weekNumber &* 1_000_003)
        var items: [JSONValue] = []
        for customer in 0..<customers {
            let unit = "cust-\(customer)"
            let events: [(String, Double?)] = [
                ("purchase", (Double.random(in: 20...300, using: &generator) * 100).rounded() / 100),
                ("contact", nil),
                ("cost", (Double.random(in: 2...25, using: &generator) * 100).rounded() / 100),
            ]
            for (position, (type, value)) in events.enumerated() where Double.random(in: 0...1, using: &generator) < 0.7 {
                items.append(outcome("e-\(seedTag)-\(customer)-\(position)", unit, type, value, &generator))
            }
            let turn = (customer + Int(weekNumber)) % 40
            if customer % 9 == 0 {
                let type = turn == 1 ? "loyalty_leave" : "loyalty_join"
                items.append(outcome("e-\(seedTag)-\(customer)-\(type)", unit, type, nil, &generator))
            }
            if turn == 0 { items.append(outcome("e-\(seedTag)-\(customer)-churn", unit, "churn", nil, &generator)) }
        }
        return items
    }

    private var seedTag: String { String(seed, radix: 36) + "-" + String(Int(weekStart.timeIntervalSince1970) / 86_400, radix: 36) }

    private func response(
        _ survey: String, _ submission: String, _ respondent: String?, _ at: Date, _ status: String,
        _ answers: [String: JSONValue], _ attributes: [String: JSONValue]
    ) -> JSONValue {
        var members: [String: JSONValue] = [
            "survey": .string(survey), "submission_id": .string(submission), "submitted_at": .string(Timestamp.format(at)),
            "status": .string(status), "answers": .object(answers), "attributes": .object(attributes),
        ]
        if let respondent { members["respondent"] = .string(respondent) }
        return .object(members)
    }

    private func outcome(_ id: String, _ unit: String, _ type: String, _ value: Double?, _ generator: inout SplitMix64) -> JSONValue {
        var members: [String: JSONValue] = [
            "event_id": .string(id), "unit": .string(unit), "type": .string(type),
            "occurred_at": .string(Timestamp.format(weekStart.addingTimeInterval(Double.random(in: 0..<(7 * 86_400 - 60), using: &generator)))),
        ]
        if let value { members["value"] = .number(value) }
        return .object(members)
    }
}

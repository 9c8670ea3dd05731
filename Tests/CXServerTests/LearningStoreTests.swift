import CXCore
import CXDecide
import CXReports
import CXServer
import CXStats
import CXStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// The learning loop's reads of the decision log: outcomes and answers attributed in SQL
/// (last touch, per-objective windows, tenant scoped) equal the same rules applied decision by
/// decision in Swift to what the test sent.
@Suite("NBX learning: attribution and model fit from the database")
struct LearningStoreTests {
    struct Decision: Hashable {
        var id, unit, action, segment: String
        var channel: String?
        var at: Date
    }

    struct Event {
        var unit, type: String
        var value: Double?
        var at: Date
    }

    @Test("Cell statistics and the log grouped by signature equal a decision-by-decision reference")
    func attribution() async throws {
        let app = try await TestApp.make()
        let admin = try await app.key("acme", .admin)
        let other = try await app.key("other", .admin)
        try await DecideTests.production(app, tenant: "acme")
        try await DecideTests.production(app, tenant: "other")
        let start = Date()
        // Outcomes may be stamped in the future (up to 24 hours): `first` falls between the
        // units' first and second decisions, `second` after both.
        let first = start.addingTimeInterval(2)
        let second = first.addingTimeInterval(3)
        var events: [Event] = []
        for unit in 0..<40 {
            events.append(Event(unit: "u-\(unit)", type: "purchase", value: Double(10 + unit), at: first))
            events.append(Event(unit: "u-\(unit)", type: "contact", value: nil, at: second))
            if unit % 4 == 0 { events.append(Event(unit: "u-\(unit)", type: "refund", value: 3, at: second)) }
            if unit % 5 == 0 { events.append(Event(unit: "u-\(unit)", type: "cost", value: 2.5, at: second)) }
            // Two hours later: inside value's default window, outside a 1-hour window.
            if unit % 3 == 0 { events.append(Event(unit: "u-\(unit)", type: "purchase", value: 100, at: second.addingTimeInterval(7_200))) }
        }
        try await app.test { [events] client in
            for key in [admin, other] {
                try await client.defineSupportSurvey(key: key)
                _ = try await client.send(.put, "/v1/actions/winback", key: key, body: DecideTests.winback)
            }
            func decide(_ unit: Int, key: String) async throws {
                let segment = unit % 2 == 0 ? "smb" : "ent"
                let answer = try await client.send(.post, "/v1/decide", key: key,
                                                   body: #"{"unit":"u-\#(unit)","context":{"segment":"\#(segment)"}}"#)
                #expect(answer.status == .ok, "\(answer.body)")
            }
            for unit in 0..<40 { try await decide(unit, key: admin) }
            for unit in 0..<10 { try await decide(unit, key: other) }
            try await Task.sleep(until: .now + .seconds(first.timeIntervalSinceNow + 0.2), clock: .continuous)
            for unit in 0..<5 { try await decide(unit, key: admin) }
            let ndjson = events.enumerated().map { index, event in
                #"{"event_id":"e\#(index)","unit":"\#(event.unit)","type":"\#(event.type)","occurred_at":"\#(Timestamp.format(event.at))""#
                    + (event.value.map { #","value":\#($0)}"# } ?? "}")
            }.joined(separator: "\n")
            #expect(try await client.send(.post, "/v1/outcomes", key: admin, body: ndjson, contentType: "application/x-ndjson").status == .ok)
            // The other tenant's identical units buy a lot: none of it may leak.
            #expect(try await client.send(.post, "/v1/outcomes", key: other, body: ndjson.replacingOccurrences(of: #""value":1"#, with: #""value":9"#),
                                          contentType: "application/x-ndjson").status == .ok)
            for unit in stride(from: 0, to: 40, by: 3) {
                let body = #"{"survey":"support","submission_id":"s\#(unit)","respondent":"u-\#(unit)","submitted_at":"\#(Timestamp.format(second))","#
                    + #""answers":{"sat":\#(unit % 2 == 0 ? 5 : 2)}}"#
                #expect(try await client.send(.post, "/v1/responses", key: admin, body: body).status == .ok)
            }
        }
        let decisions = try await app.snapshot("""
            SELECT decision_id || '|' || unit || '|' || action_key || '|' || coalesce(channel, '') || '|' || (context->>'segment') || '|'
                || extract(epoch FROM decided_at)::text FROM decisions WHERE tenant_id = 'acme'
            """).map { row in
            let parts = row.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            return Decision(id: parts[0], unit: parts[1], action: parts[2], segment: parts[4], channel: parts[3].isEmpty ? nil : parts[3],
                            at: Date(timeIntervalSince1970: Double(parts[5])!))
        }
        #expect(decisions.count == 45)
        let asOf = Date().addingTimeInterval(3 * 3_600)
        let windows: [Objective: Double] = [.value: 1.0 / 24]
        let objectives = LearningObjectives(windows: windows)
        let request = objectives.request(tenant: "acme", since: start.addingTimeInterval(-60), asOf: asOf, surveys: [
            try await app.database.withRunning { try await PostgresSurveyRepository(database: $0).get(tenant: "acme", key: "support")! },
        ])
        let (cells, groups) = try await app.database.withRunning { database in
            let store = PostgresLearningStore(database: database)
            return (try await store.cellStatistics(request), try await store.loggedDecisionGroups(request))
        }

        // The reference: each event to the unit's latest decision at or before it, within the window.
        func rewards(of decision: Decision) -> (outcomes: [String: Double], satisfaction: Double?) {
            let next = decisions.filter { $0.unit == decision.unit && $0.at > decision.at }.map(\.at).min() ?? .distantFuture
            func owned(_ at: Date, windowDays: Double) -> Bool {
                at >= decision.at && at < next && at < asOf && at < decision.at.addingTimeInterval(windowDays * 86_400)
            }
            var outcomes: [String: Double] = [:]
            for event in events where event.unit == decision.unit {
                switch event.type {
                case "purchase" where owned(event.at, windowDays: 1.0 / 24): outcomes["value", default: 0] += event.value!
                case "refund" where owned(event.at, windowDays: 1.0 / 24): outcomes["value", default: 0] -= event.value!
                case "cost" where owned(event.at, windowDays: 14): outcomes["cost", default: 0] += event.value!
                case "contact" where owned(event.at, windowDays: 14): outcomes["effort", default: 0] += 1
                default: break
                }
            }
            let index = Int(decision.unit.dropFirst(2))!
            let satisfaction: Double? = index % 3 == 0 && owned(second, windowDays: 14) ? (index % 2 == 0 ? 1 : 0) : nil
            return (outcomes, satisfaction)
        }

        // Per cell: n, and per objective the count, Σy, Σy² of the decisions with a reward.
        var expected: [String: (decisions: Int, objectives: [String: SufficientStatistics])] = [:]
        for decision in decisions {
            let key = "\(decision.segment)|\(decision.action)|\(decision.channel ?? "")"
            let (outcomes, satisfaction) = rewards(of: decision)
            var cell = expected[key] ?? (0, [:])
            cell.decisions += 1
            for (objective, y) in outcomes.merging(satisfaction.map { ["satisfaction": $0] } ?? [:], uniquingKeysWith: +) {
                var stats = cell.objectives[objective] ?? SufficientStatistics(count: 0, sum: 0, sumOfSquares: 0)
                stats.count += 1
                stats.sum += y
                stats.sumOfSquares += y * y
                cell.objectives[objective] = stats
            }
            expected[key] = cell
        }
        #expect(cells.count == expected.count)
        for cell in cells {
            let reference = try #require(expected["\(cell.segment)|\(cell.action)|\(cell.channel ?? "")"])
            #expect(cell.decisions == reference.decisions)
            #expect(Set(cell.objectives.keys) == Set(reference.objectives.keys), "\(cell.segment) \(cell.action)")
            for (objective, stats) in reference.objectives {
                let stored = try #require(cell.objectives[objective])
                #expect(stored.count == stats.count && abs(stored.sum - stats.sum) < 1e-9 && abs(stored.sumOfSquares - stats.sumOfSquares) < 1e-9,
                        "\(cell.segment) \(cell.action) \(objective): \(stored) vs \(stats)")
            }
        }
        // The log by signature: the decision-by-decision reference (survivors, propensity and
        // fatigue as decision_candidates logged them, rewards as above) grouped in Swift.
        let logged = try await app.snapshot("""
            SELECT d.decision_id || '|' || d.propensity::text || '|' || string_agg(c.action_key || '/' || coalesce(c.channel, ''), ',' ORDER BY c.position)
                || '|' || max(c.fatigue)::text
            FROM decisions d JOIN decision_candidates c ON c.tenant_id = d.tenant_id AND c.decision_id = d.decision_id AND c.filtered IS NULL
            WHERE d.tenant_id = 'acme' GROUP BY d.decision_id, d.propensity
            """)
        let reference = LoggedDecisionGroup.grouping(try logged.map { row in
            let parts = row.split(separator: "|").map(String.init)
            let decision = try #require(decisions.first { $0.id == parts[0] })
            let candidates = parts[2].split(separator: ",").map { entry in
                let pair = entry.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                return LoggedDecision.Candidate(action: pair[0], channel: pair[1].isEmpty ? nil : pair[1])
            }
            let served = try #require(candidates.firstIndex(of: LoggedDecision.Candidate(action: decision.action, channel: decision.channel)))
            let (outcomes, satisfaction) = rewards(of: decision)
            return LoggedDecision(decisionID: decision.id, segment: decision.segment, candidates: candidates, servedIndex: served,
                                  propensity: Double(parts[1])!, fatigue: Double(parts[3])!, rewards: outcomes, satisfaction: satisfaction)
        })
        #expect(groups.count == reference.count)
        #expect(groups.reduce(0) { $0 + $1.rewards.count } == decisions.count)
        for group in groups {
            let expected = try #require(reference.first {
                ($0.segment, $0.candidates, $0.servedIndex, $0.fatigue) == (group.segment, group.candidates, group.servedIndex, group.fatigue)
                    && abs($0.propensity - group.propensity) < 1e-12
            })
            #expect(group.rewards.count == expected.rewards.count)
            func moments(_ of: LoggedDecisionGroup, _ a: String, _ b: String) -> (Double, Double) {
                guard let i = of.rewardNames.firstIndex(of: a), let j = of.rewardNames.firstIndex(of: b) else { return (0, 0) }
                return (of.rewards.sums[i], of.rewards.products[i][j])
            }
            for a in group.rewardNames {
                for b in group.rewardNames {
                    let (mine, theirs) = (moments(group, a, b), moments(expected, a, b))
                    #expect(abs(mine.0 - theirs.0) < 1e-9 && abs(mine.1 - theirs.1) < 1e-9, "\(group.segment) \(a)×\(b): \(mine) vs \(theirs)")
                }
            }
        }
        // The late purchases count with value's default window of 14 days.
        let wide = LearningObjectives().request(tenant: "acme", since: start.addingTimeInterval(-60), asOf: asOf, surveys: [])
        let total = try await app.database.withRunning { database in
            try await PostgresLearningStore(database: database).cellStatistics(wide).reduce(0.0) { $0 + ($1.objectives["value"]?.sum ?? 0) }
        }
        let narrow = cells.reduce(0.0) { $0 + ($1.objectives["value"]?.sum ?? 0) }
        #expect(abs(total - narrow - 100 * 14) < 1e-9)
    }
}

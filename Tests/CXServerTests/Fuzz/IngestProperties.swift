import CXCore
import Foundation
import HTTPTypes

/// An ingestion endpoint under fuzzing.
enum IngestEndpoint: String, Sendable, CaseIterable, CustomStringConvertible {
    case responses, outcomes, exposures

    var uri: String { "/v1/\(rawValue)" }
    var description: String { "POST \(uri)" }

    var keys: [String] {
        switch self {
        case .responses: ItemGen.responseKeys
        case .outcomes: ItemGen.outcomeKeys
        case .exposures: ItemGen.exposureKeys
        }
    }

    /// Rows a request to this endpoint adds, per accepted item.
    func added(_ before: TenantRows, _ after: TenantRows) -> Int {
        self == .responses ? after.submissions - before.submissions : after.outcomes - before.outcomes
    }
}

/// The properties every reply must have, whatever was sent (issue 7): the server never
/// answers 5xx; a rejection is 4xx with a JSON body naming a problem and leaves the database
/// as it was; no request reaches another tenant's rows.
enum ReplyProperties {
    static func general(_ reply: FuzzReply, before: [TenantRows], after: [TenantRows]) -> [String] {
        var problems: [String] = []
        if reply.status.code >= 500 { problems.append("server error \(reply.status.code): \(reply.body.prefix(300))") }
        if after[1] != before[1] { problems.append("the bystander tenant's rows changed: \(before[1]) → \(after[1])") }
        if (400..<500).contains(reply.status.code) {
            if let problem = errorBodyProblem(reply) { problems.append(problem) }
            if after[0] != before[0] { problems.append("rejected with \(reply.status.code) but rows changed: \(before[0]) → \(after[0])") }
        }
        return problems
    }

    /// Why a 4xx body is not `{"error":"…"}` or `{"errors":[{"field":…,"message":…}]}`, or nil.
    static func errorBodyProblem(_ reply: FuzzReply) -> String? {
        guard reply.headers[.contentType]?.hasPrefix("application/json") == true else {
            return "\(reply.status.code) without a JSON content type: \(reply.headers[.contentType] ?? "none")"
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any] else {
            return "\(reply.status.code) with a body that is not a JSON object: \(reply.body.prefix(200))"
        }
        if let error = object["error"] as? String, !error.isEmpty { return nil }
        if let errors = object["errors"] as? [[String: Any]], !errors.isEmpty,
            errors.allSatisfy({ $0["field"] is String && !($0["message"] as? String ?? "").isEmpty })
        {
            return nil
        }
        return "\(reply.status.code) with a body naming no problem: \(reply.body.prefix(200))"
    }

    /// The `(index, field)` of each validation issue of a 422 body.
    static func issues(_ reply: FuzzReply) -> [(index: Int?, field: String)] {
        let object = try? JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any]
        return (object?["errors"] as? [[String: Any]] ?? []).map { ($0["index"] as? Int, $0["field"] as? String ?? "") }
    }

    /// `{"accepted":N,"duplicates":M}` of a 2xx body.
    static func summary(_ reply: FuzzReply) -> (accepted: Int, duplicates: Int)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any],
            let accepted = object["accepted"] as? Int, let duplicates = object["duplicates"] as? Int
        else { return nil }
        return (accepted, duplicates)
    }

    /// What a reply to an ingestion request must be, given whether the body is JSON (it
    /// must be 400 if not, and 422 or 200 if so: DESIGN.md §5 and §8) and how many items
    /// it holds. `exact`: every accepted item is new, so rows grow by exactly `accepted`.
    static func ingestion(
        _ reply: FuzzReply, endpoint: IngestEndpoint, isJSON: Bool, items: Int, exact: Bool,
        before: [TenantRows], after: [TenantRows]
    ) -> [String] {
        var problems = general(reply, before: before, after: after)
        switch reply.status.code {
        case 400 where isJSON: problems.append("400 for a body that is JSON: \(reply.body.prefix(200))")
        case 422 where !isJSON: problems.append("422 for a body that is not JSON: \(reply.body.prefix(200))")
        case 200 where !isJSON: problems.append("accepted a body that is not JSON: \(reply.body.prefix(200))")
        case 200:
            guard let summary = summary(reply) else {
                problems.append("200 without {accepted, duplicates}: \(reply.body.prefix(200))")
                break
            }
            if summary.accepted + summary.duplicates != items {
                problems.append("\(items) items sent but \(summary.accepted) accepted + \(summary.duplicates) duplicates")
            }
            let added = endpoint.added(before[0], after[0])
            if exact ? added != summary.accepted : added > summary.accepted {
                problems.append("\(summary.accepted) accepted but \(added) rows added: \(before[0]) → \(after[0])")
            }
            var others = after[0]
            if endpoint == .responses {
                others.submissions = before[0].submissions
                others.answers = before[0].answers
                others.indexScores = before[0].indexScores
                others.rollupCount = before[0].rollupCount
            } else {
                others.outcomes = before[0].outcomes
            }
            if others != before[0] { problems.append("rows of another kind changed: \(before[0]) → \(after[0])") }
        case 400, 422: break
        default: problems.append("unexpected status \(reply.status.code): \(reply.body.prefix(200))")
        }
        return problems
    }
}

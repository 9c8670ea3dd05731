import CXCore
import Foundation

/// Responses as column arrays for `unnest`. Absent values use sentinels that validation
/// never lets through (`''` for text, NaN for numbers), turned back into NULL in SQL.
struct SubmissionRows {
    var tenants: [String] = []
    var surveys: [String] = []
    var submissionIDs: [String] = []
    var versions: [Int] = []
    var respondents: [String] = []
    var statuses: [String] = []
    var submittedAt: [Date] = []
    var attributes: [String] = []
    var raw: [String] = []

    init(_ items: [TenantScoped<ResponseRecord>]) {
        for item in items {
            let record = item.record
            tenants.append(item.tenant)
            surveys.append(record.survey)
            submissionIDs.append(record.submissionID)
            versions.append(record.surveyVersion)
            respondents.append(record.respondent ?? "")
            statuses.append(record.status.rawValue)
            submittedAt.append(record.submittedAt)
            attributes.append(JSONValue.object(record.attributes).serialized)
            raw.append(record.raw.serialized)
        }
    }

    private init() {}

    /// The rows at `positions`, in that order.
    func selecting(_ positions: [Int]) -> SubmissionRows {
        var rows = SubmissionRows()
        for position in positions {
            rows.tenants.append(tenants[position])
            rows.surveys.append(surveys[position])
            rows.submissionIDs.append(submissionIDs[position])
            rows.versions.append(versions[position])
            rows.respondents.append(respondents[position])
            rows.statuses.append(statuses[position])
            rows.submittedAt.append(submittedAt[position])
            rows.attributes.append(attributes[position])
            rows.raw.append(raw[position])
        }
        return rows
    }
}

/// The answers of the winning responses as column arrays for `unnest`.
struct AnswerRows {
    var tenants: [String] = []
    var surveys: [String] = []
    var submissionIDs: [String] = []
    var fieldIDs: [String] = []
    var versions: [Int] = []
    var numerics: [Double] = []
    var texts: [String] = []

    init(_ items: [TenantScoped<ResponseRecord>], winners: [Int]) {
        for position in winners {
            let item = items[position]
            for answer in item.record.answers {
                tenants.append(item.tenant)
                surveys.append(item.record.survey)
                submissionIDs.append(item.record.submissionID)
                fieldIDs.append(answer.fieldID)
                versions.append(item.record.surveyVersion)
                numerics.append(answer.numeric ?? .nan)
                texts.append(answer.text ?? "")
            }
        }
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Validates survey responses against the current definitions of their surveys.
///
/// Validation is complete: every problem of every item is reported, so a request is
/// either accepted whole or refused with the full list (DESIGN.md §5).
public struct ResponseValidator: Sendable {
    /// The current definition of each survey the tenant has, by survey key.
    public var surveys: [String: SurveyVersion]
    /// The clock used to refuse timestamps from the future.
    public var now: Date

    public static let topLevelKeys: Set<String> = [
        "survey", "submission_id", "respondent", "submitted_at", "status", "answers", "attributes",
    ]

    public init(surveys: [String: SurveyVersion], now: Date = Date()) {
        self.surveys = surveys
        self.now = now
    }

    /// Validates the item at `index`; returns the record or the item's issues.
    public func validate(_ item: JSONValue, index: Int) -> Result<ResponseRecord, ValidationFailure> {
        var reader: ObjectReader
        switch ObjectReader.item(item, index: index, kind: "response", allowed: Self.topLevelKeys) {
        case .success(let opened): reader = opened
        case .failure(let failure): return .failure(failure)
        }
        let surveyKey = reader.string("survey", required: true, maxLength: 64)
        let survey = surveyKey.flatMap { surveys[$0] }
        if let surveyKey, survey == nil {
            reader.fail("survey", "unknown survey '\(surveyKey)'; define it first with PUT /v1/surveys/\(surveyKey)")
        }
        let submissionID = reader.string("submission_id", required: true)
        let respondent = reader.string("respondent", required: false)
        let submittedAt = reader.timestamp("submitted_at", now: now)
        var status = SubmissionStatus.completed
        if let text = reader.string("status", required: false, maxLength: 32) {
            if let parsed = SubmissionStatus(rawValue: text) {
                status = parsed
            } else {
                reader.fail("status", "must be one of completed, partial")
            }
        }
        let attributes = reader.attributes("attributes")
        var answers: [Answer] = []
        switch reader.members["answers"] {
        case .object(let given)?:
            if let survey { answers = validateAnswers(given, of: survey.definition, reader: &reader) }
        case nil, .null?:
            reader.fail("answers", "is required (an object of field id → value; use {} for none)")
        case let other?:
            reader.fail("answers", "must be an object of field id → value, got \(other.typeName)")
        }
        guard reader.issues.isEmpty, let survey, let submissionID, let submittedAt else {
            return .failure(ValidationFailure(reader.issues))
        }
        return .success(
            ResponseRecord(
                survey: survey.key, surveyVersion: survey.version, submissionID: submissionID,
                respondent: respondent, status: status, submittedAt: submittedAt, answers: answers,
                attributes: attributes, raw: item,
                indexScores: EngagementIndex.scores(answers: answers, survey: survey.definition)
            ))
    }

    private func validateAnswers(
        _ given: [String: JSONValue], of definition: SurveyDefinition, reader: inout ObjectReader
    ) -> [Answer] {
        var answers: [Answer] = []
        for (fieldID, value) in given.sorted(by: { $0.key < $1.key }) {
            let path = "answers.\(fieldID)"
            // Answers are stored under the definition's spelling of the id, which `field(_:)` finds
            // by canonical equivalence ("\u{212A}1" finds "K1").
            guard let field = definition.field(fieldID) else {
                reader.fail(path, "unknown field '\(fieldID)'; the survey's fields are \(definition.fields.map(\.id).joined(separator: ", "))")
                continue
            }
            if value == .null { continue }  // skipped item: no row, never in a denominator
            if let range = field.numericRange {
                guard case .number(let number) = value, number == number.rounded(),
                    number >= Double(range.lowerBound), number <= Double(range.upperBound)
                else {
                    reader.fail(path, "must be an integer \(range.lowerBound)–\(range.upperBound)")
                    continue
                }
                answers.append(Answer(fieldID: field.id, numeric: number))
            } else if field.type == .choice {
                guard case .string(let choice) = value, !choice.isEmpty, choice.count <= 200 else {
                    reader.fail(path, "must be a non-empty string of at most 200 characters")
                    continue
                }
                // As the definition spells the option (see the id above).
                let option = field.options.map { options in options.first { $0 == choice } } ?? choice
                guard let option else {
                    reader.fail(path, "must be one of \((field.options ?? []).joined(separator: ", "))")
                    continue
                }
                answers.append(Answer(fieldID: field.id, text: option))
            } else {
                guard case .string(let text) = value, text.count <= 10_000 else {
                    reader.fail(path, "must be a string of at most 10000 characters")
                    continue
                }
                if !text.isEmpty { answers.append(Answer(fieldID: field.id, text: text)) }
            }
        }
        return answers
    }
}

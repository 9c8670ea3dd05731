#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A survey response that passed validation, ready to be written.
public struct ResponseRecord: Sendable, Hashable {
    public var survey: String
    public var surveyVersion: Int
    public var submissionID: String
    public var respondent: String?
    public var status: SubmissionStatus
    public var submittedAt: Date
    /// Answered items only: a skipped (`null` or absent) item has no entry.
    public var answers: [Answer]
    public var attributes: [String: JSONValue]
    /// The item exactly as received, kept for audit and reprocessing.
    public var raw: JSONValue
    /// The respondent's score on each index of the survey (e.g. `engagement`, 0–100, see
    /// `EngagementIndex`); an index with too few answered items has no entry.
    public var indexScores: [String: Double]

    public init(
        survey: String, surveyVersion: Int, submissionID: String, respondent: String?,
        status: SubmissionStatus, submittedAt: Date, answers: [Answer],
        attributes: [String: JSONValue], raw: JSONValue, indexScores: [String: Double] = [:]
    ) {
        self.survey = survey
        self.surveyVersion = surveyVersion
        self.submissionID = submissionID
        self.respondent = respondent
        self.status = status
        self.submittedAt = submittedAt
        self.answers = answers
        self.attributes = attributes
        self.raw = raw
        self.indexScores = indexScores
    }
}

import CXCore
@testable import CXStore
import Foundation
import Testing

@Suite("Submission merge rules")
struct SubmissionMergeTests {
    func item(_ id: String, _ status: SubmissionStatus, at seconds: Double, tenant: String = "t") -> TenantScoped<ResponseRecord> {
        TenantScoped(tenant: tenant, record: ResponseRecord(
            survey: "s", surveyVersion: 1, submissionID: id, respondent: nil, status: status,
            submittedAt: Date(timeIntervalSince1970: seconds), answers: [], attributes: [:], raw: .null))
    }

    @Test("in one batch: insert, later partial updates, older partial and post-completion changes are duplicates")
    func sequenceInOneBatch() {
        let items = [
            item("a", .partial, at: 10), item("a", .partial, at: 5), item("a", .partial, at: 20),
            item("a", .completed, at: 30), item("a", .completed, at: 40), item("b", .completed, at: 1), item("b", .completed, at: 1),
        ]
        let merge = SubmissionMerge(items, stored: [:])
        #expect(merge.dispositions == [.inserted, .duplicate, .updated, .updated, .duplicate, .inserted, .duplicate])
        #expect(merge.winners[.init(tenant: "t", survey: "s", submissionID: "a")] == 3)
        #expect(merge.replacedKeys.isEmpty)
    }

    @Test("against stored rows: a stored completed row never changes; a stored partial is replaced only by a later item")
    func againstStored() {
        let stored: [SubmissionMerge.Key: SubmissionMerge.StoredState] = [
            .init(tenant: "t", survey: "s", submissionID: "done"): .init(status: .completed, submittedAt: Date(timeIntervalSince1970: 10)),
            .init(tenant: "t", survey: "s", submissionID: "half"): .init(status: .partial, submittedAt: Date(timeIntervalSince1970: 10)),
        ]
        let merge = SubmissionMerge(
            [item("done", .completed, at: 99), item("half", .partial, at: 9), item("half", .completed, at: 11), item("done", .partial, at: 99, tenant: "other")],
            stored: stored)
        #expect(merge.dispositions == [.duplicate, .duplicate, .updated, .inserted])
        #expect(merge.replacedKeys == [.init(tenant: "t", survey: "s", submissionID: "half")])
    }
}

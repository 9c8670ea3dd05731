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

    @Test("ids equal only up to Unicode normalization are different submissions, as the database's text keys are")
    func keysCompareBytes() {
        let (composed, decomposed) = ("caf\u{E9}", "cafe\u{301}")
        #expect(composed == decomposed)  // Swift's String equality: canonical equivalence
        var stored: [SubmissionMerge.Key: SubmissionMerge.StoredState] = [:]
        for id in [composed, decomposed] {
            stored[.init(tenant: "t", survey: "s", submissionID: id)] = .init(status: .partial, submittedAt: Date(timeIntervalSince1970: 10))
        }
        #expect(stored.count == 2)
        let merge = SubmissionMerge([item(decomposed, .partial, at: 20), item(composed, .partial, at: 30)], stored: stored)
        #expect(merge.dispositions == [.updated, .updated])
        #expect(merge.replacedKeys.count == 2)
        #expect(merge.winners[.init(tenant: "t", survey: "s", submissionID: composed)] == 1)
        #expect(merge.winners[.init(tenant: "t", survey: "s", submissionID: decomposed)] == 0)
    }
}

import CXCore

/// The index scores of the winning responses as column arrays for `unnest` into
/// `index_scores` (see `sql/migrations/0004_index_scores.sql`).
struct IndexScoreRows {
    var tenants: [String] = []
    var surveys: [String] = []
    var submissionIDs: [String] = []
    var indexNames: [String] = []
    var scores: [Double] = []

    /// One row per index score of each item, indices in name order.
    init(_ items: [TenantScoped<ResponseRecord>]) {
        for item in items {
            for (name, score) in item.record.indexScores.sorted(by: { $0.key < $1.key }) {
                tenants.append(item.tenant)
                surveys.append(item.record.survey)
                submissionIDs.append(item.record.submissionID)
                indexNames.append(name)
                scores.append(score)
            }
        }
    }

    var isEmpty: Bool { scores.isEmpty }
}

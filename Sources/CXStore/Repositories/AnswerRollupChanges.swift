import Foundation

/// What one ingest transaction adds to and subtracts from `answer_rollups`, as column
/// arrays for `unnest`: one element per rolled-up value (a numeric answer, or an index
/// score under `index:<name>`), with its submission's `submitted_at` and attributes (the
/// inputs of the week and the segments) and a sign.
///
/// The values come from the batch itself (values added) and from the rows the
/// transaction deletes (values of replaced partials), never from re-reading and joining
/// the tables: that join was planned as a nested loop over the whole tenant whenever the
/// tenant was new to the table statistics, which made every flush cost
/// O(batch × tenant size) (see `AnswerRollups.apply`).
struct AnswerRollupChanges {
    var tenants: [String] = []
    var surveys: [String] = []
    var fieldIDs: [String] = []
    var values: [Double] = []
    var submittedAt: [Date] = []
    /// The submission's attributes as JSON text, as stored in `submissions.attributes`.
    var attributes: [String] = []
    var signs: [Int32] = []

    var isEmpty: Bool { fieldIDs.isEmpty }

    /// Records one value: `sign` 1 adds it, −1 subtracts it. Answers without a number
    /// (text, choice, or the NaN sentinel that the insert turns into NULL) have no rollup.
    mutating func append(
        sign: Int32, tenant: String, survey: String, fieldID: String, value: Double?, submittedAt: Date, attributes: String
    ) {
        guard let value, !value.isNaN else { return }
        tenants.append(tenant)
        surveys.append(survey)
        fieldIDs.append(fieldID)
        values.append(value)
        self.submittedAt.append(submittedAt)
        self.attributes.append(attributes)
        signs.append(sign)
    }
}

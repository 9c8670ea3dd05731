/// The numeric values the weekly rollups count, as one relation `(tenant_id, survey_key,
/// submission_id, field_id, value_numeric)`: every answer, and every index score under the
/// field id `index:<name>` (`RollupCell.indexFieldPrefix`). A rebuild and the report's raw
/// path (a time zone other than UTC) read it, so both count exactly what ingestion adds.
enum RolledUpValues {
    /// The relation's SQL; `prefixParameter` is the placeholder (e.g. `$2`) bound to
    /// `RollupCell.indexFieldPrefix`.
    static func relation(prefixParameter: String) -> String {
        """
        (SELECT tenant_id, survey_key, submission_id, field_id, value_numeric FROM answers
         UNION ALL
         SELECT tenant_id, survey_key, submission_id, \(prefixParameter)::text || index_name, score FROM index_scores)
        """
    }
}

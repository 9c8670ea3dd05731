/// The identifiers of validated records, replaced by their pseudonyms before storage.
extension Pseudonymiser {
    /// `record` with its respondent replaced, in the record and in its raw copy (which is stored
    /// and sent in `response.received` webhooks), so the clear id is kept nowhere. A response
    /// without a respondent is unchanged.
    public func pseudonymised(_ record: ResponseRecord) -> ResponseRecord {
        guard let respondent = record.respondent, !respondent.isEmpty else { return record }
        var record = record
        let pseudonym = pseudonym(for: respondent)
        record.respondent = pseudonym
        if case .object(var members) = record.raw, members["respondent"] != nil {
            members["respondent"] = .string(pseudonym)
            record.raw = .object(members)
        }
        return record
    }

    /// `record` with its unit replaced (outcomes and exposures alike).
    public func pseudonymised(_ record: OutcomeRecord) -> OutcomeRecord {
        var record = record
        record.unit = pseudonym(for: record.unit)
        return record
    }
}

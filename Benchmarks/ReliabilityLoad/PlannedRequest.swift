/// One request of the workload: its body and the submission ids it carries.
struct PlannedRequest: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        /// One JSON object with a new submission id.
        case single
        /// An NDJSON batch of new submission ids.
        case batch
        /// An acknowledged request sent again unchanged: must answer `accepted: 0`.
        case replay
        /// A request with an invalid item: must be refused with 4xx, nothing stored.
        case invalid
    }

    var kind: Kind
    var body: [UInt8]
    var contentType: String
    /// The valid submission ids `prefix-n` for n in this range (empty for invalid requests).
    var items: Range<Int>
}

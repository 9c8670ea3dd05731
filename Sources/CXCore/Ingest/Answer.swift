/// One answered item of a submission, in the long format the store keeps.
public struct Answer: Sendable, Hashable {
    public var fieldID: String
    /// The numeric value of scale items (nps, csat, ces, likert, enps).
    public var numeric: Double?
    /// The value of choice and text items.
    public var text: String?

    public init(fieldID: String, numeric: Double? = nil, text: String? = nil) {
        self.fieldID = fieldID
        self.numeric = numeric
        self.text = text
    }
}

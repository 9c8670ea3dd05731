/// Who answers a survey; employee results are subject to the anonymity threshold.
public enum Population: String, Sendable, Codable, CaseIterable {
    case customer
    case employee
}

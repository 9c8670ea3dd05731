/// The body of `POST /v1/decide` (DESIGN.md §7):
/// `{"unit":"cust-42","context":{"segment":"smb","lifecycle":"active","plan":"gold"},
///   "channels":["sms","email","app"],"experiment":"policies-q4"}`. The context's `segment` and
/// `lifecycle` place the unit (cold start: segment `default`); the rest are the attributes and
/// context the eligibility rules read. `channels` empty means every channel; `experiment`
/// names a policy experiment whose arms are policy versions (else the production policy).
public struct DecideInput: Sendable, Hashable {
    public var unit: String
    public var context: [String: JSONValue]
    public var channels: [String]
    public var experiment: String?

    public init(unit: String, context: [String: JSONValue] = [:], channels: [String] = [], experiment: String? = nil) {
        self.unit = unit
        self.context = context
        self.channels = channels
        self.experiment = experiment
    }

    /// Validates a JSON body completely, every problem naming its field.
    public static func parse(_ json: JSONValue) -> Result<DecideInput, ValidationFailure> {
        ObjectReader.document(json, allowed: ["unit", "context", "channels", "experiment"]).flatMap { document in
            var reader = document
            let unit = reader.string("unit", required: true, maxLength: 200) ?? ""
            let experiment = reader.string("experiment", required: false, maxLength: 64)
            var context: [String: JSONValue] = [:]
            switch reader.members["context"] {
            case nil, .null?: break
            case .object(let members)?: context = members
            case let other?: reader.fail("context", "must be an object, got \(other.typeName)")
            }
            var channels: [String] = []
            switch reader.members["channels"] {
            case nil, .null?: break
            case .array(let items)? where items.allSatisfy({ $0.stringValue != nil }): channels = items.compactMap(\.stringValue)
            case let other?: reader.fail("channels", "must be an array of channel names, got \(other.typeName)")
            }
            for (field, value) in [("context.segment", context["segment"]), ("context.lifecycle", context["lifecycle"])] {
                if let value, value.stringValue == nil { reader.fail(field, "must be a string, got \(value.typeName)") }
            }
            return reader.result(DecideInput(unit: unit, context: context, channels: channels, experiment: experiment), rules: [])
        }
    }
}

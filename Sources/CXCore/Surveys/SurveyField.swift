/// One item of a survey definition.
public struct SurveyField: Sendable, Hashable, Codable {
    /// Identifier used as the key in a response's `answers`.
    public var id: String
    public var type: FieldType
    /// `[min, max]` of a numeric item; `nil` means the type's default scale.
    public var scale: [Int]?
    /// Name of the index (e.g. `engagement`) a likert item contributes to.
    public var index: String?
    /// Whether the item is reverse coded (x′ = min + max − x) in its index.
    public var reverse: Bool?
    /// The allowed values of a `choice` item; `nil` accepts any non-empty string.
    public var options: [String]?

    public init(
        id: String, type: FieldType, scale: [Int]? = nil, index: String? = nil, reverse: Bool? = nil,
        options: [String]? = nil
    ) {
        self.id = id
        self.type = type
        self.scale = scale
        self.index = index
        self.reverse = reverse
        self.options = options
    }

    /// The numeric range answers must fall in, or `nil` for choice and text items.
    public var numericRange: ClosedRange<Int>? {
        if let scale, scale.count == 2, scale[0] < scale[1], !type.hasFixedScale {
            return scale[0]...scale[1]
        }
        return type.defaultScale
    }
}

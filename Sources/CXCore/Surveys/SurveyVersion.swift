/// A stored survey definition: the survey's key, its version number and the definition.
public struct SurveyVersion: Sendable, Hashable {
    public var key: String
    public var version: Int
    public var definition: SurveyDefinition

    public init(key: String, version: Int, definition: SurveyDefinition) {
        self.key = key
        self.version = version
        self.definition = definition
    }
}

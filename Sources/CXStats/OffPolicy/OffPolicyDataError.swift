/// Why logged data cannot be evaluated off-policy: a bad value read from the decision log, or a
/// data set that an estimator cannot use. Thrown rather than trapped, since logs come from
/// outside the process. A struct with an extensible ``Code``, as `MetricError` and `StoreError`
/// are elsewhere in cxloop.
public struct OffPolicyDataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// There are no rounds.
        public static let noRounds = Code(name: "noRounds")
        /// A reward is NaN or infinite.
        public static let invalidReward = Code(name: "invalidReward")
        /// A logging propensity is not in (0, 1] (0 makes the importance weight infinite).
        public static let invalidPropensity = Code(name: "invalidPropensity")
        /// A target probability is NaN or outside [0, 1].
        public static let invalidProbability = Code(name: "invalidProbability")
        /// A target distribution over a candidate set does not sum to 1.
        public static let probabilitiesDoNotSumToOne = Code(name: "probabilitiesDoNotSumToOne")
        /// A candidate set is empty, its arrays differ in length, or the logged index is outside it.
        public static let invalidCandidates = Code(name: "invalidCandidates")
        /// A reward prediction is NaN or infinite.
        public static let invalidRewardPrediction = Code(name: "invalidRewardPrediction")
        /// The direct method or doubly robust was asked for, but a round has no candidates.
        public static let missingRewardModel = Code(name: "missingRewardModel")
        /// The target policy gives probability 0 to every logged action, so SNIPS is 0/0.
        public static let noOverlap = Code(name: "noOverlap")
    }

    /// The kind of problem.
    public var code: Code
    /// The index of the offending round in the input, when one round is at fault.
    public var round: Int?
    /// A sentence a user can act on.
    public var message: String

    /// An error of `code` about `round` (if any).
    public init(code: Code, round: Int? = nil, message: String) {
        self.code = code
        self.round = round
        self.message = message
    }

    public var description: String {
        round.map { "round \($0): \(message)" } ?? message
    }
}

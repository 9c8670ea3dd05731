/// One person's engagement index (DESIGN.md §6): the mean of the answered items of the index
/// after reverse coding, rescaled to 0–100, defined only when at least ⅔ of the items are
/// answered. Reports then summarise the persons' indices (mean with t-interval, % ≥ 75).
public enum EngagementIndex {
    /// One item of an index: its scale and whether it is reverse coded.
    public struct Item: Sendable, Hashable {
        /// The item's `[min, max]`.
        public var scale: ClosedRange<Int>
        /// Whether the item is reverse coded, x′ = min + max − x.
        public var reverse: Bool

        public init(scale: ClosedRange<Int>, reverse: Bool = false) {
            self.scale = scale
            self.reverse = reverse
        }

        /// The item of a numeric survey field (its `numericRange` and `reverse`), or nil for a
        /// choice or text field or a one-point scale.
        public init?(_ field: SurveyField) {
            guard let scale = field.numericRange, scale.lowerBound < scale.upperBound else { return nil }
            self.init(scale: scale, reverse: field.reverse ?? false)
        }

        /// x′ = min + max − x when reversed, then 100·(x′ − min)/(max − min).
        func rescaled(_ value: Int) -> Double {
            let coded = reverse ? scale.lowerBound + scale.upperBound - value : value
            return 100 * Double(coded - scale.lowerBound) / Double(scale.upperBound - scale.lowerBound)
        }
    }

    /// The person's index from `answers[i]`, the answer to `items[i]` (nil when skipped).
    ///
    /// Each answered item is reverse coded and rescaled to 0–100 before averaging; on a common
    /// scale this is exactly 100·(mean − min)/(max − min) of the reverse-coded answers, and it
    /// keeps items of different scales comparable. An answer outside its item's scale (which the
    /// ingestion validator never stores) counts as unanswered.
    ///
    /// - Returns: the index in 0…100, or nil when fewer than ⅔ of the items are answered (or the
    ///   index has no items).
    /// - Precondition: `answers` and `items` have the same length.
    public static func score(answers: [Int?], items: [Item]) -> Double? {
        precondition(answers.count == items.count, "one answer (or nil) per item")
        var total = 0.0
        var answered = 0
        for (answer, item) in zip(answers, items) {
            guard let answer, item.scale.contains(answer) else { continue }
            total += item.rescaled(answer)
            answered += 1
        }
        // answered/count ≥ 2/3 in integers, so that 2 of 3 items qualifies exactly.
        guard !items.isEmpty, 3 * answered >= 2 * items.count else { return nil }
        return total / Double(answered)
    }

    /// The person's index `index` (e.g. `engagement`) over the fields of `survey` that name it,
    /// with `answers` keyed by field id. Non-numeric fields naming the index are not items.
    public static func score(answers: [String: Int], survey: SurveyDefinition, index: String) -> Double? {
        let pairs = survey.fields.filter { $0.index == index }.compactMap { field in
            Item(field).map { (answers[field.id], $0) }
        }
        return score(answers: pairs.map(\.0), items: pairs.map(\.1))
    }

    /// The names of the indices of `survey`, in the order their first item appears.
    public static func indexNames(of survey: SurveyDefinition) -> [String] {
        var names: [String] = []
        for case let name? in survey.fields.map(\.index) where !names.contains(name) { names.append(name) }
        return names
    }

    /// Every defined index score of one submission's answers, by index name.
    public static func scores(answers: [Answer], survey: SurveyDefinition) -> [String: Double] {
        var byField: [String: Int] = [:]
        for answer in answers {
            if let value = answer.numeric, let integer = Int(exactly: value) { byField[answer.fieldID] = integer }
        }
        var scores: [String: Double] = [:]
        for name in indexNames(of: survey) {
            scores[name] = score(answers: byField, survey: survey, index: name)
        }
        return scores
    }
}

/// What a report may show of a cell (DESIGN.md §6): employee cuts below the anonymity
/// threshold show no value and no count; cuts below 30 answers are low-n and never flagged.
public struct DisclosurePolicy: Sendable, Hashable {
    /// The smallest anonymity threshold a tenant may configure.
    public static let minimumAnonymityThreshold = 3
    /// The anonymity threshold unless configured.
    public static let defaultAnonymityThreshold = 5
    /// Cuts with fewer answers are low-n, and a change is flagged only when both weeks have at
    /// least this many.
    public static let lowNThreshold = 30

    /// Customer surveys: nothing is suppressed.
    public static let customer = DisclosurePolicy(uncheckedPopulation: .customer,
                                                  anonymityThreshold: defaultAnonymityThreshold)

    /// Who answered the survey.
    public let population: Population
    /// Employee cuts with n below this show neither value nor count.
    public let anonymityThreshold: Int

    /// - Throws: `MetricError` `.thresholdTooLow` when `anonymityThreshold` is below
    ///   `minimumAnonymityThreshold`.
    public init(population: Population, anonymityThreshold: Int = defaultAnonymityThreshold) throws(MetricError) {
        guard anonymityThreshold >= Self.minimumAnonymityThreshold else {
            let minimum = Self.minimumAnonymityThreshold
            throw MetricError(code: .thresholdTooLow,
                              message: "the anonymity threshold must be at least \(minimum), not \(anonymityThreshold)")
        }
        self.init(uncheckedPopulation: population, anonymityThreshold: anonymityThreshold)
    }

    private init(uncheckedPopulation population: Population, anonymityThreshold: Int) {
        self.population = population
        self.anonymityThreshold = anonymityThreshold
    }

    /// Whether a cell of `n` answers is hidden: employee population and n below the threshold.
    /// This includes n = 0, so an employee cut never reveals even that nobody answered.
    public func suppresses(n: Int) -> Bool {
        population == .employee && n < anonymityThreshold
    }

    /// Whether a shown cell of `n` answers is low-n (n < 30, "no responses" included). A
    /// suppressed cell is not marked low-n: its count is not shown, not even as a marker.
    public func isLowN(n: Int) -> Bool {
        !suppresses(n: n) && n < Self.lowNThreshold
    }

    /// The estimate as a report may show it, or nil when it is suppressed (value, n and CI null).
    public func disclose(_ estimate: MetricEstimate) -> MetricEstimate? {
        suppresses(n: estimate.n) ? nil : estimate
    }
}

import CXCore
import Testing

@Suite("ComplementGuard")
struct ComplementGuardTests {
    static let employee = try! DisclosurePolicy(population: .employee, anonymityThreshold: 5)

    @Test("hides segments until what is hidden is nothing or at least the threshold", arguments: [
        // total, segments, hidden: all shown, nothing to protect
        (40, [20, 15, 5], Set<Int>()),
        // 3 is below 5; the residual 3 would reveal it, so the next smallest (5) goes too
        (18, [10, 5, 3], [1, 2]),
        // 3 is below 5, but 2 respondents have no attribute: the residual is 5, enough
        (20, [10, 5, 3], [2]),
        // respondents without the attribute (2) are a hidden residual of their own
        (20, [10, 8], [1]),
        // a tie: the first of the smallest in row order
        (30, [5, 5, 17, 3], [0, 3]),
        // hidden cells that together reach the threshold need no more hiding
        (30, [20, 3, 4, 3], [1, 2, 3]),
        // hiding everything when nothing else protects the residual
        (12, [4, 8], [0, 1]),
        // the total itself is below the threshold: every segment hidden
        (4, [2, 2], [0, 1]),
        // empty segments this week are hidden but reveal nothing
        (25, [25, 0], [1]),
    ] as [(Int, [Int], Set<Int>)])
    func employeeCuts(total: Int, segments: [Int], hidden: Set<Int>) {
        #expect(ComplementGuard.hiddenSegments(total: total, segments: segments, policy: Self.employee) == hidden)
    }

    @Test("customer cuts are never suppressed")
    func customers() {
        #expect(ComplementGuard.hiddenSegments(total: 20, segments: [10, 5, 3], policy: .customer).isEmpty)
    }
}

import CXCore
import CXStats
import Testing

@Suite("AnswerHistogram")
struct AnswerHistogramTests {
    @Test func sumsAndCounts() {
        let histogram = AnswerHistogram([1: 2, 4: 3, 7: 0])
        #expect(histogram.n == 5)
        #expect(histogram.sum == 2 + 12)
        #expect(histogram.sumOfSquares == 2 + 48)
        #expect(histogram[4] == 3 && histogram[7] == 0 && histogram[9] == 0)
        #expect(histogram.count(in: 2...7) == 3)
        #expect(histogram.valueRange == 1...4)
        // Zero counts are not stored: equal answers, equal histograms.
        #expect(histogram == AnswerHistogram(values: [4, 1, 4, 1, 4]))
        #expect(histogram.counts.keys.sorted() == [1, 4])
    }

    @Test func emptyAndMerge() {
        var histogram = AnswerHistogram()
        #expect(histogram.isEmpty && histogram.n == 0 && histogram.valueRange == nil)
        histogram.add(3, count: 0)
        #expect(histogram.isEmpty)
        histogram.add(3, count: 2)
        #expect(histogram + AnswerHistogram([3: 1, 5: 1]) == AnswerHistogram([3: 3, 5: 1]))
    }

    @Test func summary() {
        // 1, 1, 4, 4, 4: mean 2.8, s² = (2·1.8² + 3·1.2²)/4 = 2.7.
        let summary = AnswerHistogram([1: 2, 4: 3]).summary
        #expect(summary.count == 5)
        #expect(abs(summary.mean - 2.8) < 1e-15)
        #expect(abs(summary.variance - 2.7) < 1e-14)
        let statistics = AnswerHistogram([1: 2, 4: 3]).sufficientStatistics
        #expect(statistics == .init(count: 5, sum: 14, sumOfSquares: 50))
        #expect(AnswerHistogram([6: 1]).summary.variance.isNaN)
    }
}

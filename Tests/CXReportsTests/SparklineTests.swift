import CXReports
import Testing

@Suite("Sparkline")
struct SparklineTests {
    @Test("scales between the minimum and the maximum, dots for missing weeks")
    func scales() {
        #expect(Sparkline.render([0, 7, nil, 3.5, 1]) == "▁█·▅▂")
        #expect(Sparkline.render([nil, nil]) == "··")
        #expect(Sparkline.render([4, 4, nil]) == "▄▄·")
        #expect(Sparkline.render([]) == "")
    }
}

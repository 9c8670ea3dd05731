import CXCore
import CXStats
import Testing

@Suite("MetricEstimate")
struct MetricEstimateTests {
    /// Each estimate against make_metric_fixtures.py (hand NPS formulas with scipy's z,
    /// statsmodels Wilson and DescrStatsW t-interval on the raw answers).
    @Test(arguments: MetricFixtures.reference.estimates)
    func reference(_ row: MetricFixtures.Estimate) throws {
        let estimate = try MetricEstimate(kind: row.kind, scale: .init(pair: row.scale),
                                          histogram: AnswerHistogram(pairs: row.histogram))
        #expect(estimate.n == row.n)
        #expect(estimate.hasResponses == (row.n > 0))
        #expect(Close.mixed(estimate.value, row.value))
        #expect(Close.interval(estimate.ci95, row.ci95))
        #expect(Close.mixed(estimate.percentAgree, row.percentAgree))
        if case .netPromoter(let nps) = estimate.statistic {
            #expect(Close.mixed(nps.standardError, row.standardError))
            #expect(Close.mixed(nps.adjustedScore, row.adjustedCentre))
        }
    }

    /// Issue 4's golden case: n = 400, P = 200, D = 80 → NPS 30, SE 3.905, adjusted-Wald centre
    /// 29.78 (Rocks 2016's n′ = n + 3, p′ = (P + ¾)/n′).
    @Test func goldenNPS() throws {
        let histogram = AnswerHistogram([10: 120, 9: 80, 8: 70, 7: 50, 6: 30, 3: 30, 0: 20])
        let field = SurveyField(id: "nps", type: .nps)
        let estimate = try MetricEstimate(kind: .nps, field: field, histogram: histogram)
        #expect(estimate.value == 30)
        #expect(estimate.n == 400)
        guard case .netPromoter(let nps) = estimate.statistic else {
            Issue.record("no NPS statistic")
            return
        }
        #expect((nps.standardError * 1000).rounded() / 1000 == 3.905)
        #expect((nps.adjustedScore * 100).rounded() / 100 == 29.78)
        let ci = try #require(estimate.ci95)
        #expect(abs((ci.lower + ci.upper) / 2 - 29.776_674_937_965_264) < 1e-9)
    }

    @Test(arguments: [MetricKind.nps, .enps, .csat, .ces])
    func noResponsesIsNotZero(_ kind: MetricKind) throws {
        let scale = kind == .nps || kind == .enps ? 0...10 : 1...5
        let estimate = try MetricEstimate(kind: kind, scale: scale, histogram: AnswerHistogram())
        #expect(estimate.n == 0 && !estimate.hasResponses)
        #expect(estimate.value == nil && estimate.ci95 == nil && estimate.percentAgree == nil)
        #expect(estimate.statistic == nil)
    }

    @Test func fieldScales() throws {
        // CSAT on a custom 1–10 scale: top-2-box is 9–10; CES on 1–5: agree is 3–5.
        let csat = try MetricEstimate(kind: .csat, field: SurveyField(id: "sat", type: .csat, scale: [1, 10]),
                                      histogram: AnswerHistogram([10: 1, 9: 1, 8: 2]))
        #expect(csat.value == 50)
        let ces = try MetricEstimate(kind: .ces, field: SurveyField(id: "effort", type: .ces, scale: [1, 5]),
                                     histogram: AnswerHistogram([3: 1, 2: 3]))
        #expect(ces.percentAgree == 25)
        // Defaults: CSAT 1–5 (top 4–5), CES 1–7 (agree 5–7).
        #expect(MetricEstimate.topTwoBox(of: FieldType.csat.defaultScale!) == 4...5)
        #expect(MetricEstimate.agreeRange(of: FieldType.ces.defaultScale!) == 5...7)
        #expect(MetricEstimate.topTwoBox(of: 0...1) == 0...1)
        #expect(MetricEstimate.agreeRange(of: 1...3) == 1...3)
    }

    @Test(arguments: [
        (MetricKind.nps, FieldType.csat), (.nps, .enps), (.csat, .ces), (.ces, .likert), (.enps, .choice),
        (.csat, .text),
    ])
    func wrongFieldTypeIsRefused(_ kind: MetricKind, _ type: FieldType) {
        #expect(throws: MetricError.self) {
            try MetricEstimate(kind: kind, field: SurveyField(id: "f", type: type), histogram: AnswerHistogram())
        }
        #expect(!kind.accepts(type))
    }

    @Test func refusals() {
        #expect(MetricKind.enps.accepts(.nps))
        #expect(MetricKind.reported(for: .nps, population: .employee) == .enps)
        #expect(MetricKind.reported(for: .nps, population: .customer) == .nps)
        #expect(MetricKind.reported(for: .likert, population: .employee) == nil)
        let message = "answers from 0 to 6 do not fit the scale 1...5"
        #expect(throws: MetricError(code: .valueOutOfScale, message: message)) {
            try MetricEstimate(kind: .csat, scale: 1...5, histogram: AnswerHistogram([0: 1, 6: 1]))
        }
        let nps = #expect(throws: MetricError.self) {
            try MetricEstimate(kind: .nps, scale: 1...10, histogram: AnswerHistogram())
        }
        #expect(nps?.code == .invalidScale)
        let single = #expect(throws: MetricError.self) {
            try MetricEstimate(kind: .ces, scale: 4...4, histogram: AnswerHistogram())
        }
        #expect(single?.code == .invalidScale)
    }
}

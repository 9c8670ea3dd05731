import CXCore
import Testing

@Suite("EngagementIndex")
struct EngagementIndexTests {
    /// Persons scored in numpy by make_metric_fixtures.py from DESIGN.md §6.
    @Test(arguments: MetricFixtures.reference.engagement.indices)
    func reference(_ index: Int) {
        let person = MetricFixtures.reference.engagement[index]
        let items = person.items.map { EngagementIndex.Item(scale: .init(pair: $0.scale), reverse: $0.reverse) }
        #expect(Close.mixed(EngagementIndex.score(answers: person.answers, items: items), person.score))
    }

    @Test func twoThirdsBoundary() {
        let items = [EngagementIndex.Item](repeating: .init(scale: 1...5), count: 6)
        // 4 of 6 answered is exactly ⅔: defined; 3 of 6 is not.
        #expect(EngagementIndex.score(answers: [5, 5, 1, 1, nil, nil], items: items) == 50)
        #expect(EngagementIndex.score(answers: [5, 5, 1, nil, nil, nil], items: items) == nil)
        // An answer off the scale is not an answer.
        #expect(EngagementIndex.score(answers: [5, 5, 1, 9, nil, nil], items: items) == nil)
    }

    @Test func fromASurvey() {
        let survey = SurveyDefinition(title: "Pulse", population: .employee, fields: [
            SurveyField(id: "proud", type: .likert, index: "engagement"),
            SurveyField(id: "leave", type: .likert, index: "engagement", reverse: true),
            SurveyField(id: "grow", type: .likert, scale: [1, 7], index: "engagement"),
            SurveyField(id: "enps", type: .enps),
            SurveyField(id: "why", type: .text, index: "engagement"),
        ])
        // proud 4 → 75, leave 2 → reversed 4 → 75, grow 7 → 100 on 1–7: (75 + 75 + 100)/3.
        let score = EngagementIndex.score(answers: ["proud": 4, "leave": 2, "grow": 7, "enps": 0],
                                          survey: survey, index: "engagement")
        #expect(score.map { abs($0 - 250.0 / 3) < 1e-12 } == true)
        #expect(EngagementIndex.score(answers: ["proud": 4], survey: survey, index: "engagement") == nil)
    }
}

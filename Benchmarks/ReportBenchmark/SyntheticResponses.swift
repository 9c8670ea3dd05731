import BenchmarkSupport
import CXCore
import CXStats
import Foundation

/// The benchmark's data set: responses to three surveys spread evenly over `weeks` ISO
/// weeks, each with a `segment` attribute (4 values), generated deterministically from a
/// seed as the JSON objects `POST /v1/responses` and `cxloop import` accept (DESIGN.md §5).
///
/// Survey mix: half `support` (customer: NPS, CSAT 1–5, CES 1–7, a choice, a comment), a
/// quarter `onboarding` (customer: NPS, CSAT, CES, a comment) and a quarter `pulse`
/// (employee: eNPS, four likert items of the `engagement` index, one reversed, a comment).
/// Items are skipped with a small probability and comments are optional, which makes about
/// 4.3 answers per response (`expectedAnswersPerResponse`). Moods differ by segment and
/// drift slowly over the weeks, so the report's sparklines and deltas are not flat.
struct SyntheticResponses: Sendable {
    /// How a generated answer is drawn.
    enum Draw: Sendable {
        /// An integer on the field's scale from the respondent's latent score (0…1).
        case scaled
        /// `scaled`, reverse coded (a reversed likert item).
        case reversed
        /// One of a few strings.
        case text([String])
    }

    /// One field of a survey as generated: its definition, how often it is answered, how.
    struct FieldPlan: Sendable {
        var field: SurveyField
        var probability: Double
        var draw: Draw
    }

    /// A survey as generated: key, definition, share of the responses and field plans.
    struct SurveyPlan: Sendable {
        var key: String
        var title: String
        var population: Population
        var share: Double
        var fields: [FieldPlan]

        var definition: SurveyDefinition {
            SurveyDefinition(title: title, population: population, fields: fields.map(\.field))
        }
    }

    static let segments: [(name: String, share: Double, mood: Double)] = [
        ("smb", 0.4, 0), ("mid", 0.3, 0.05), ("enterprise", 0.2, -0.05), ("public", 0.1, -0.1),
    ]

    static let comments = ["thanks", "quick and friendly", "took too long", "could not find the setting", "ok"]

    static let surveys: [SurveyPlan] = [
        SurveyPlan(key: "support", title: "Support follow-up", population: .customer, share: 0.5, fields: [
            FieldPlan(field: SurveyField(id: "nps", type: .nps), probability: 0.98, draw: .scaled),
            FieldPlan(field: SurveyField(id: "sat", type: .csat, scale: [1, 5]), probability: 0.97, draw: .scaled),
            FieldPlan(field: SurveyField(id: "effort", type: .ces, scale: [1, 7]), probability: 0.95, draw: .scaled),
            FieldPlan(field: SurveyField(id: "resolved", type: .choice, options: ["yes", "no"]), probability: 0.9,
                      draw: .text(["yes", "yes", "yes", "no"])),
            FieldPlan(field: SurveyField(id: "comment", type: .text), probability: 0.5, draw: .text(comments)),
        ]),
        SurveyPlan(key: "onboarding", title: "Onboarding", population: .customer, share: 0.25, fields: [
            FieldPlan(field: SurveyField(id: "nps", type: .nps), probability: 0.98, draw: .scaled),
            FieldPlan(field: SurveyField(id: "setup", type: .csat, scale: [1, 5]), probability: 0.97, draw: .scaled),
            FieldPlan(field: SurveyField(id: "ease", type: .ces, scale: [1, 7]), probability: 0.95, draw: .scaled),
            FieldPlan(field: SurveyField(id: "comment", type: .text), probability: 0.5, draw: .text(comments)),
        ]),
        SurveyPlan(key: "pulse", title: "Employee pulse", population: .employee, share: 0.25, fields: [
            FieldPlan(field: SurveyField(id: "enps", type: .enps), probability: 0.98, draw: .scaled),
            FieldPlan(field: SurveyField(id: "q1", type: .likert, scale: [1, 5], index: "engagement"),
                      probability: 0.96, draw: .scaled),
            FieldPlan(field: SurveyField(id: "q2", type: .likert, scale: [1, 5], index: "engagement"),
                      probability: 0.96, draw: .scaled),
            FieldPlan(field: SurveyField(id: "q3", type: .likert, scale: [1, 5], index: "engagement", reverse: true),
                      probability: 0.96, draw: .reversed),
            FieldPlan(field: SurveyField(id: "q4", type: .likert, scale: [1, 5], index: "engagement"),
                      probability: 0.96, draw: .scaled),
            FieldPlan(field: SurveyField(id: "comment", type: .text), probability: 0.3, draw: .text(comments)),
        ]),
    ]

    /// The mean number of answers (rows of `answers`) per response.
    static var expectedAnswersPerResponse: Double {
        surveys.reduce(0) { total, survey in total + survey.share * survey.fields.reduce(0) { $0 + $1.probability } }
    }

    /// The number of responses that make about `answers` answers.
    static func responses(forAnswers answers: Int) -> Int {
        max(1, Int((Double(answers) / expectedAnswersPerResponse).rounded()))
    }

    let seed: UInt64
    /// Responses in the whole data set; response `i` is submitted at fraction i/count of the span.
    let count: Int
    /// The first week; the data covers `weeks` weeks from its Monday 00:00 UTC.
    let firstWeek: ISOWeek
    let weeks: Int

    private var start: Date { firstWeek.start(in: .gmt) }
    private var span: Double { Double(weeks) * 7 * 86_400 }

    /// Responses `range`, and how many answers they carry.
    func items(_ range: Range<Int>) -> (items: [JSONValue], answers: Int) {
        var items: [JSONValue] = []
        items.reserveCapacity(range.count)
        var answers = 0
        for index in range {
            let (item, answered) = item(index)
            items.append(item)
            answers += answered
        }
        return (items, answers)
    }

    /// Response `index` and its number of answers.
    func item(_ index: Int) -> (JSONValue, Int) {
        var random = SplitMix64(seed: seed, index: index)
        // Evenly spread in time, in index order; whole seconds.
        let offset = ((Double(index) + random.unit()) * span / Double(count)).rounded(.down)
        let submittedAt = start.addingTimeInterval(min(offset, span - 1))
        let week = Int(offset / (7 * 86_400))
        let survey = Self.surveys[Self.pick(Self.surveyShares, random.unit())]
        let segment = Self.segments[Self.pick(Self.segmentShares, random.unit())]
        // A slow wave over the weeks plus the segment's offset; employees a little happier.
        let drift = 0.06 * sin(Double(week) / 3.0) + segment.mood + (survey.population == .employee ? 0.05 : 0)
        let mood = 0.78 + drift + random.noise(0.18)
        var answers: [String: JSONValue] = [:]
        for plan in survey.fields where random.unit() < plan.probability {
            switch plan.draw {
            case .scaled, .reversed:
                let range = plan.field.numericRange ?? 0...10
                let latent = min(1, max(0, mood + random.noise(0.12)))
                var coded = latent
                if case .reversed = plan.draw { coded = 1 - latent }
                let value = range.lowerBound + Int((coded * Double(range.upperBound - range.lowerBound)).rounded())
                answers[plan.field.id] = .number(Double(value))
            case .text(let texts):
                answers[plan.field.id] = .string(texts[Int(random.next() % UInt64(texts.count))])
            }
        }
        let respondent = survey.population == .employee
            ? "e-\(random.next() % 3_000)" : "c-\(random.next() % 400_000)"
        let item = JSONValue.object([
            "survey": .string(survey.key),
            "submission_id": .string("r-\(index)"),
            "respondent": .string(respondent),
            "submitted_at": .string(Timestamp.format(submittedAt)),
            "status": .string("completed"),
            "answers": .object(answers),
            "attributes": .object(["segment": .string(segment.name)]),
        ])
        return (item, answers.count)
    }

    private static let surveyShares = surveys.map(\.share)
    private static let segmentShares = segments.map(\.share)

    /// The index of the first share whose cumulative sum exceeds `u` (the last one otherwise).
    private static func pick(_ shares: [Double], _ u: Double) -> Int {
        var cumulative = 0.0
        for (index, share) in shares.enumerated() {
            cumulative += share
            if u < cumulative { return index }
        }
        return shares.count - 1
    }
}

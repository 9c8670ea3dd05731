import CXCore

extension WeeklyReport {
    /// The report as DESIGN.md §8's JSON: unrounded numbers; a suppressed row keeps its place
    /// with value, n, ci95, previous, delta and p null and every trend point null.
    public var json: JSONValue {
        .object([
            "tenant": .string(tenant),
            "week": .string(week.description),
            "from": .string(from),
            "to": .string(to),
            "rows": .array(rows.map(\.json)),
            "retention": retention.json,
        ])
    }
}

extension ReportRow {
    var json: JSONValue {
        let previousJSON: JSONValue = previous.map { .object(["value": .number($0.value), "n": .count($0.n)]) } ?? .null
        return .object([
            "metric": .string(metric.rawValue),
            "survey": .string(survey),
            "field": .string(field),
            "segment": segment.map { .object([$0.attribute: .string($0.value)]) } ?? .null,
            "value": .number(current?.value),
            "n": .count(current?.n),
            "ci95": .interval(current?.ci95),
            "previous": previousJSON,
            "delta": .number(comparison.delta),
            "p_value": .number(comparison.pValue),
            "p_adjusted": .number(adjustedP),
            "flag": flag.map { .string($0.rawValue) } ?? .null,
            "low_n": .bool(isLowN),
            "suppressed": .bool(isSuppressed),
            "trend": .array(trend.map { .number($0) }),
        ])
    }
}

extension RetentionSummary {
    var json: JSONValue {
        .object([
            "km": .array(points.map { point in
                .object(["day": .count(point.day), "survival": .number(point.survival), "ci95": .interval(point.ci95)])
            }),
            "median_days": .number(medianDays),
            "loyalty": .object([
                "members_start": .count(loyalty.membersAtStart),
                "retained": .count(loyalty.retained),
                "rate": .number(loyalty.rate),
            ]),
        ])
    }
}

import CXCore

extension TrendReport {
    /// `{"tenant","survey","field","metric","weeks":[{"week","from","to","value","n","ci95",
    /// "low_n","suppressed"}]}`, oldest week first; a suppressed week has value, n and ci95 null.
    public var json: JSONValue {
        .object([
            "tenant": .string(tenant),
            "survey": .string(survey),
            "field": .string(field),
            "metric": .string(metric.rawValue),
            "weeks": .array(points.map { point in
                .object([
                    "week": .string(point.week.description),
                    "from": .string(point.week.firstDay),
                    "to": .string(point.week.lastDay),
                    "value": .number(point.estimate?.value),
                    "n": .count(point.estimate?.n),
                    "ci95": .interval(point.estimate?.ci95),
                    "low_n": .bool(point.isLowN),
                    "suppressed": .bool(point.isSuppressed),
                ])
            }),
        ])
    }
}

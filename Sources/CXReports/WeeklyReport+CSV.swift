import CXCore
import CXStats

extension WeeklyReport {
    /// One line per report row (suppressed rows with empty cells), then the retention figures
    /// as rows of their own metric; numbers unrounded; the trend as one column per week.
    public var csv: String {
        var lines = [CSVText.line([
            "survey", "field", "metric", "segment_attribute", "segment_value", "value", "n", "ci95_lower", "ci95_upper",
            "previous_value", "previous_n", "delta", "p_value", "p_adjusted", "flag", "low_n", "suppressed",
        ] + window.map(\.description))]
        for row in rows {
            let current = row.current
            lines.append(CSVText.line([
                row.survey, row.field, row.metric.rawValue, row.segment?.attribute ?? "", row.segment?.value ?? "",
                CSVText.number(current?.value), CSVText.count(current?.n),
                CSVText.number(current?.ci95?.lower), CSVText.number(current?.ci95?.upper),
                CSVText.number(row.previous?.value), CSVText.count(row.previous?.n),
                CSVText.number(row.comparison.delta), CSVText.number(row.comparison.pValue),
                CSVText.number(row.adjustedP), row.flag?.rawValue ?? "", "\(row.isLowN)", "\(row.isSuppressed)",
            ] + row.trend.map(CSVText.number)))
        }
        let empty = Array(repeating: "", count: 8 + window.count)
        for point in retention.points {
            lines.append(CSVText.line(["", "", "survival_\(point.day)d", "", "", CSVText.number(point.survival),
                                       CSVText.count(retention.customers), CSVText.number(point.ci95?.lower),
                                       CSVText.number(point.ci95?.upper)] + empty))
        }
        lines.append(CSVText.line(["", "", "median_days", "", "", CSVText.number(retention.medianDays),
                                   CSVText.count(retention.customers), "", ""] + empty))
        lines.append(CSVText.line(["", "", "loyalty_retention", "", "", CSVText.number(retention.loyalty.rate),
                                   CSVText.count(retention.loyalty.membersAtStart), "", ""] + empty))
        return lines.joined(separator: "\n") + "\n"
    }
}

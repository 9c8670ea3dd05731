import CXCore
import CXStats

extension TrendReport {
    /// `week,from,to,value,n,ci95_lower,ci95_upper,low_n,suppressed`, oldest first.
    public var csv: String {
        var lines = [CSVText.line(["week", "from", "to", "value", "n", "ci95_lower", "ci95_upper", "low_n", "suppressed"])]
        for point in points {
            let estimate = point.estimate
            lines.append(CSVText.line([
                point.week.description, point.week.firstDay, point.week.lastDay, CSVText.number(estimate?.value),
                CSVText.count(estimate?.n), CSVText.number(estimate?.ci95?.lower), CSVText.number(estimate?.ci95?.upper),
                "\(point.isLowN)", "\(point.isSuppressed)",
            ]))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

import CXStats
import Foundation

/// Reads a per-unit experiment file (DESIGN.md §8, `cxloop experiment analyze --from FILE.csv`)
/// into each arm's sufficient statistics: n, Σy, Σy² and, for CUPED, Σx, Σx², Σxy with x the
/// unit's `pre_value`. These are the sums SQL will hand the same engine for a stored experiment.
///
/// The first record is the header; it must name `unit_id`, `arm` (or its synonym `variant`) and
/// `value`, and may name `pre_value`. Names are matched without case or surrounding spaces and
/// other columns are ignored. Every data row is one unit: a unit id appears once, the arm name
/// is not empty, `value` (and `pre_value` when read) is a finite number, and for a proportion
/// metric `value` is 0 or 1. The covariate is read as a proportion exactly when the metric is one
/// and every `pre_value` is 0 or 1 (gbstats' `ProportionStatistic` pre statistic).
///
/// Problems are ``Failure``s that name the line and the column.
public enum ExperimentUnitReader {
    /// One arm of the file: its name and its units' sums.
    public typealias Arm = (name: String, statistics: ExperimentArmStatistics)

    /// Why the file cannot be analysed, with the 1-based line and the column (as the header
    /// spells it) of the problem where there is one.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The 1-based line, nil for a problem with the whole file.
        public var line: Int?
        /// The column's name as written in the header, nil for a problem with a whole line.
        public var column: String?
        /// What is wrong and how to fix it.
        public var message: String

        /// A failure from its parts.
        public init(line: Int?, column: String?, message: String) {
            self.line = line
            self.column = column
            self.message = message
        }

        /// `line 17, column value: 'abc' is not a number`.
        public var description: String {
            let place = [line.map { "line \($0)" }, column.map { "column \($0)" }].compactMap { $0 }
            return place.isEmpty ? message : place.joined(separator: ", ") + ": " + message
        }
    }

    /// The columns the reader looks for, by their canonical names.
    private struct Columns {
        var unit: (index: Int, name: String)
        var arm: (index: Int, name: String)
        var value: (index: Int, name: String)
        var preValue: (index: Int, name: String)?
    }

    /// The sums of one arm while reading.
    private struct Sums {
        var count = 0
        var sum = 0.0, sumOfSquares = 0.0
        var preSum = 0.0, preSumOfSquares = 0.0, sumOfProducts = 0.0
    }

    /// The arms of `data`, in the order they first appear.
    /// - Parameters:
    ///   - kind: how `value` is read (a proportion must be 0 or 1).
    ///   - covariate: read `pre_value` for CUPED when the file has it; without the column the
    ///     arms carry no covariate sums.
    public static func read(_ data: Data, kind: ExperimentMetricKind, covariate: Bool) throws(Failure) -> [Arm] {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.parse(data)
        } catch {
            throw Failure(line: error.line, column: nil, message: error.message)
        }
        guard let header = records.first else {
            throw Failure(line: nil, column: nil, message: "the file is empty; it needs a header unit_id,arm,value[,pre_value]")
        }
        let columns = try self.columns(header, covariate: covariate)
        guard records.count > 1 else {
            throw Failure(line: header.line, column: nil, message: "no units after the header")
        }

        var order: [String] = []
        var sums: [String: Sums] = [:]
        var firstLine: [String: Int] = [:]
        var binaryPreValues = true
        for record in records.dropFirst() {
            let unit = try field(columns.unit, of: record)
            guard !unit.isEmpty else { throw Failure(line: record.line, column: columns.unit.name, message: "empty unit id") }
            if let earlier = firstLine.updateValue(record.line, forKey: unit) {
                throw Failure(line: record.line, column: columns.unit.name,
                              message: "unit '\(unit)' already appeared on line \(earlier); the file needs one row per unit")
            }
            let arm = try field(columns.arm, of: record)
            guard !arm.isEmpty else { throw Failure(line: record.line, column: columns.arm.name, message: "empty arm name") }
            let value = try number(columns.value, of: record)
            if kind == .proportion, value != 0, value != 1 {
                throw Failure(line: record.line, column: columns.value.name,
                              message: "\(try field(columns.value, of: record)) is not 0 or 1, which a proportion metric needs "
                                  + "(or analyse it as a mean)")
            }
            if sums[arm] == nil { order.append(arm) }
            var totals = sums[arm, default: Sums()]
            totals.count += 1
            totals.sum += value
            totals.sumOfSquares += value * value
            if let preColumn = columns.preValue {
                let preValue = try number(preColumn, of: record)
                binaryPreValues = binaryPreValues && (preValue == 0 || preValue == 1)
                totals.preSum += preValue
                totals.preSumOfSquares += preValue * preValue
                totals.sumOfProducts += preValue * value
            }
            sums[arm] = totals
        }
        guard order.count >= 2 else {
            throw Failure(line: nil, column: columns.arm.name,
                          message: "only one arm ('\(order[0])'); comparing needs at least two")
        }
        let covariateKind: ExperimentMetricKind = kind == .proportion && binaryPreValues ? .proportion : .mean
        return order.map { name in
            let arm = sums[name] ?? Sums()
            let covariate = columns.preValue.map { _ in
                ExperimentArmStatistics.Covariate(kind: covariateKind, sum: arm.preSum,
                                                  sumOfSquares: arm.preSumOfSquares, sumOfProducts: arm.sumOfProducts)
            }
            return (name, ExperimentArmStatistics(kind: kind, count: arm.count, sum: arm.sum,
                                                  sumOfSquares: arm.sumOfSquares, covariate: covariate))
        }
    }

    /// Finds the columns in the header; `pre_value` only when `covariate` is asked for.
    private static func columns(_ header: CSVReader.Record, covariate: Bool) throws(Failure) -> Columns {
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        /// The first of `candidates` in the header, nil when none is.
        func find(_ candidates: [String]) throws(Failure) -> (index: Int, name: String)? {
            for candidate in candidates {
                let positions = names.indices.filter { names[$0] == candidate }
                if positions.count > 1 {
                    throw Failure(line: header.line, column: candidate, message: "appears \(positions.count) times in the header")
                }
                if let index = positions.first { return (index, header.fields[index].trimmingCharacters(in: .whitespaces)) }
            }
            return nil
        }
        func require(_ candidates: [String]) throws(Failure) -> (index: Int, name: String) {
            guard let column = try find(candidates) else {
                throw Failure(line: header.line, column: candidates[0],
                              message: "missing from the header (\(header.fields.joined(separator: ","))); "
                                  + "the file needs unit_id,arm,value[,pre_value] (variant is accepted for arm)")
            }
            return column
        }
        return Columns(unit: try require(["unit_id"]), arm: try require(["arm", "variant"]), value: try require(["value"]),
                       preValue: covariate ? try find(["pre_value"]) : nil)
    }

    /// The trimmed text of `column` in `record`.
    private static func field(_ column: (index: Int, name: String), of record: CSVReader.Record) throws(Failure) -> String {
        guard column.index < record.fields.count else {
            throw Failure(line: record.line, column: column.name,
                          message: "missing: the row has \(record.fields.count) field\(record.fields.count == 1 ? "" : "s")")
        }
        return record.fields[column.index].trimmingCharacters(in: .whitespaces)
    }

    /// The finite number in `column` of `record`.
    private static func number(_ column: (index: Int, name: String), of record: CSVReader.Record) throws(Failure) -> Double {
        let text = try field(column, of: record)
        guard !text.isEmpty else {
            throw Failure(line: record.line, column: column.name, message: "empty; every unit needs a number here")
        }
        guard let value = Double(text), value.isFinite else {
            throw Failure(line: record.line, column: column.name, message: "'\(text)' is not a finite number")
        }
        return value
    }
}

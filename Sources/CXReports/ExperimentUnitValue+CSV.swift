import CXStore

extension ExperimentUnitValue {
    /// The per-unit file of `experiment analyze --from`: a `unit_id,arm,value,pre_value` header
    /// and one line per unit, numbers unrounded, an empty `pre_value` when there is none.
    public static func csv(_ rows: [ExperimentUnitValue]) -> String {
        ([CSVText.line(["unit_id", "arm", "value", "pre_value"])]
            + rows.map { CSVText.line([$0.unit, $0.arm, CSVText.number($0.value), CSVText.number($0.preValue)]) })
            .joined(separator: "\n") + "\n"
    }
}

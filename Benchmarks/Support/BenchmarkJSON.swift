import CXCore

/// The members of a benchmark's JSON line that every benchmark spells the same way.
public enum BenchmarkJSON {
    /// A finite number, else null.
    public static func number(_ value: Double?) -> JSONValue {
        value.map { $0.isFinite ? .number($0) : .null } ?? .null
    }

    /// `{"table": rows, …}` of a load.
    public static func rows(_ loaded: [(table: String, rows: Int)]) -> JSONValue {
        .object(Dictionary(loaded.map { ($0.table, .number(Double($0.rows))) }, uniquingKeysWith: { $1 }))
    }

    /// `<name>_in_process_ms_median|p90`, `<name>_cli_ms_median|p90`, `<name>_cli_note`,
    /// `ratio_end_to_end_to_count`, `end_to_end_measure` and `target_met` of `timing`
    /// against `baseline`.
    public static func timing(_ timing: EndToEndTiming, name: String, baseline: Samples) -> [String: JSONValue] {
        [
            "\(name)_in_process_ms_median": number(timing.inProcess.median),
            "\(name)_in_process_ms_p90": number(timing.inProcess.p90),
            "\(name)_cli_ms_median": number(timing.process?.median),
            "\(name)_cli_ms_p90": number(timing.process?.p90),
            "\(name)_cli_note": timing.note.map(JSONValue.string) ?? .null,
            "ratio_end_to_end_to_count": number(timing.samples.median / baseline.median),
            "end_to_end_measure": .string(timing.measure),
            "target_met": .bool(timing.targetMet),
        ]
    }
}

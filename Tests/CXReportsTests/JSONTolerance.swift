import CXCore

/// Structural comparison of two JSON values with a numeric tolerance, for reports checked
/// against an independent recomputation.
enum JSONTolerance {
    /// Every difference between `actual` and `expected`, as `path: actual ≠ expected`.
    /// Numbers match when |a − e| ≤ tolerance · max(1, |e|).
    static func differences(_ actual: JSONValue, _ expected: JSONValue, tolerance: Double = 1e-9,
                            path: String = "$") -> [String] {
        switch (actual, expected) {
        case (.number(let a), .number(let e)):
            return abs(a - e) <= tolerance * max(1, abs(e)) ? [] : ["\(path): \(a) ≠ \(e)"]
        case (.array(let a), .array(let e)):
            guard a.count == e.count else { return ["\(path): \(a.count) elements ≠ \(e.count)"] }
            return zip(a, e).enumerated().flatMap { differences($1.0, $1.1, tolerance: tolerance, path: "\(path)[\($0)]") }
        case (.object(let a), .object(let e)):
            let keys = Set(a.keys).union(e.keys).sorted()
            return keys.flatMap { key -> [String] in
                guard let left = a[key], let right = e[key] else {
                    return ["\(path).\(key): \(a[key] == nil ? "missing" : "unexpected")"]
                }
                return differences(left, right, tolerance: tolerance, path: "\(path).\(key)")
            }
        default:
            return actual == expected ? [] : ["\(path): \(actual.serialized) ≠ \(expected.serialized)"]
        }
    }
}

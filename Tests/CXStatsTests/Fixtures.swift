import Foundation

/// Loads the reference JSON written by `Fixtures/make_fixtures.py` (scipy, statsmodels, lifelines).
enum Fixtures {
    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url)
        else { fatalError("missing fixture \(name).json; run Fixtures/make_fixtures.py") }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            fatalError("fixture \(name).json does not decode: \(error)")
        }
    }
}

/// The comparisons of the fixture tests.
enum Tolerance {
    /// Relative agreement |actual − expected| ≤ 1e-9·|expected| (with a floor of 1e-300 so that
    /// exact zeros and underflow compare), for probabilities, p-values, quantiles and special
    /// functions, whose scale runs from 1e-300 to 1e6.
    static func relative(_ actual: Double, _ expected: Double, _ tolerance: Double = 1e-9) -> Bool {
        abs(actual - expected) <= tolerance * max(abs(expected), 1e-300)
    }

    /// Absolute below 1 and relative above: |actual − expected| ≤ 1e-9·max(1, |expected|), for
    /// estimates, statistics and interval bounds, which may be exactly 0 in one implementation
    /// and 1e-17 in the other.
    static func mixed(_ actual: Double, _ expected: Double, _ tolerance: Double = 1e-9) -> Bool {
        abs(actual - expected) <= tolerance * max(abs(expected), 1)
    }
}

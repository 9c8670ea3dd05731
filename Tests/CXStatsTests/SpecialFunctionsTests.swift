import CXStats
import Testing

/// Reference values: scipy.special (gammaln, gammainc, gammaincc, betainc, betaincc, erf, erfc).
@Suite("Special functions")
struct SpecialFunctionsTests {
    struct Reference: Decodable {
        struct LogGamma: Decodable, Sendable { let x, value: Double }
        struct IncompleteGamma: Decodable, Sendable { let a, x, p, q: Double }
        struct IncompleteBeta: Decodable, Sendable { let a, b, x, i, complement: Double }
        struct ErrorFunction: Decodable, Sendable { let x, erf, erfc: Double }
        let logGamma: [LogGamma]
        let incompleteGamma: [IncompleteGamma]
        let incompleteBeta: [IncompleteBeta]
        let erf: [ErrorFunction]
    }

    static let reference = Fixtures.load("special_functions", as: Reference.self)

    @Test(arguments: reference.logGamma)
    func logGamma(_ row: Reference.LogGamma) {
        // ln Γ has zeros at 1 and 2; its absolute error is what propagates into the prefactors.
        #expect(Tolerance.mixed(SpecialFunctions.logGamma(row.x), row.value, 1e-13))
    }

    @Test(arguments: reference.incompleteGamma)
    func incompleteGamma(_ row: Reference.IncompleteGamma) {
        #expect(Tolerance.relative(SpecialFunctions.regularizedGammaP(row.a, row.x), row.p))
        #expect(Tolerance.relative(SpecialFunctions.regularizedGammaQ(row.a, row.x), row.q))
    }

    @Test(arguments: reference.incompleteBeta)
    func incompleteBeta(_ row: Reference.IncompleteBeta) {
        #expect(Tolerance.relative(SpecialFunctions.regularizedBeta(row.x, a: row.a, b: row.b), row.i))
        #expect(Tolerance.relative(SpecialFunctions.regularizedBetaComplement(row.x, a: row.a, b: row.b),
                                   row.complement))
    }

    @Test(arguments: reference.erf)
    func errorFunction(_ row: Reference.ErrorFunction) {
        #expect(Tolerance.relative(SpecialFunctions.erf(row.x), row.erf))
        #expect(Tolerance.relative(SpecialFunctions.erfc(row.x), row.erfc))
    }

    @Test func closedForms() {
        // Γ(½) = √π, Γ(5) = 24; I_x(1, 1) = x; erf(0) = 0.
        #expect(Tolerance.mixed(SpecialFunctions.logGamma(0.5), 0.572_364_942_924_700_087, 1e-14))
        #expect(Tolerance.mixed(SpecialFunctions.logGamma(5), 3.178_053_830_347_945_620, 1e-14))
        #expect(Tolerance.relative(SpecialFunctions.regularizedBeta(0.3, a: 1, b: 1), 0.3, 1e-14))
        #expect(SpecialFunctions.erf(0) == 0)
        #expect(SpecialFunctions.logGamma(-1).isNaN)
    }
}

/// Net Promoter Score (and eNPS, which uses the same math) from the counts of promoters (9–10),
/// detractors (0–6) and all answers, per DESIGN.md §6. Values are on the −100…100 scale.
public struct NetPromoterScore: Sendable, Hashable, Codable {
    /// Number of promoters P.
    public var promoters: Int
    /// Number of detractors D.
    public var detractors: Int
    /// Number of answers n (promoters, passives and detractors).
    public var count: Int

    /// NPS from its counts.
    public init(promoters: Int, detractors: Int, count: Int) {
        self.promoters = promoters
        self.detractors = detractors
        self.count = count
    }

    /// NPS = 100·(P − D)/n (Reichheld 2003); NaN when n is 0.
    public var score: Double {
        100 * (Double(promoters) - Double(detractors)) / Double(count)
    }

    /// SE = 100·√((p + d − (p − d)²)/n) with p = P/n, d = D/n: the multinomial variance of the
    /// difference of two shares (Rocks 2016, "Interval estimation for the Net Promoter Score",
    /// Am. Stat. 70:365–372, eq. 1).
    public var standardError: Double {
        Self.standardError(promoters: Double(promoters), detractors: Double(detractors), count: Double(count))
    }

    /// Centre of the adjusted-Wald interval, 100·(p′ − d′) with n′ = n + 3, p′ = (P + ¾)/n′,
    /// d′ = (D + ¾)/n′ (Rocks 2016, the Agresti–Coull-style adjustment adding ¾ to each of the
    /// three categories). The ¾ cancel in p′ − d′, leaving 100·(P − D)/(n + 3).
    public var adjustedScore: Double {
        100 * (Double(promoters) - Double(detractors)) / (Double(count) + 3)
    }

    /// 100·√((p′ + d′ − (p′ − d′)²)/n′), the standard error of the adjusted-Wald interval.
    public var adjustedStandardError: Double {
        Self.standardError(promoters: Double(promoters) + 0.75, detractors: Double(detractors) + 0.75,
                           count: Double(count) + 3)
    }

    /// Adjusted-Wald interval (Rocks 2016): adjustedScore ± z·adjustedStandardError, clamped to
    /// [−100, 100].
    public func interval(confidence: Double = 0.95) -> Interval {
        let z = Normal.standard.twoSidedCriticalValue(confidence: confidence)
        return Interval(estimate: adjustedScore, margin: z * adjustedStandardError).clamped(to: -100, 100)
    }

    /// z-test of the difference of two independent NPS values (e.g. week over week, DESIGN.md §6):
    /// z = (NPS₁ − NPS₂)/√(SE₁² + SE₂²), two-sided p from N(0, 1). NaN when both SEs are 0.
    public static func zTest(_ first: NetPromoterScore, _ second: NetPromoterScore) -> TestResult {
        let se = (first.standardError * first.standardError + second.standardError * second.standardError)
            .squareRoot()
        let z = (first.score - second.score) / se
        return TestResult(statistic: z, pValue: Normal.standard.twoSidedPValue(z))
    }

    private static func standardError(promoters: Double, detractors: Double, count: Double) -> Double {
        let p = promoters / count
        let d = detractors / count
        return 100 * ((p + d - (p - d) * (p - d)) / count).squareRoot()
    }
}

import CXCore
import CXStore
import Foundation

/// Survey definitions held in memory, for report tests without a database.
struct MemorySurveyRepository: SurveyRepository {
    var surveys: [SurveyVersion]

    func put(tenant: String, key: String, definition: SurveyDefinition) async throws(StoreError) -> (version: SurveyVersion, created: Bool) {
        throw StoreError(.failed, "read-only")
    }

    func get(tenant: String, key: String) async throws(StoreError) -> SurveyVersion? {
        surveys.first { $0.key == key }
    }

    func list(tenant: String) async throws(StoreError) -> [SurveyVersion] {
        surveys.sorted { $0.key < $1.key }
    }

    func current(tenant: String, keys: Set<String>) async throws(StoreError) -> [String: SurveyVersion] {
        Dictionary(uniqueKeysWithValues: surveys.filter { keys.contains($0.key) }.map { ($0.key, $0) })
    }
}

/// Report inputs held in memory: the cells a query would return, filtered like the SQL.
struct MemoryReportRepository: ReportRepository {
    /// Total cells (segment nil).
    var cells: [RollupCell]
    /// Segment cells by attribute name.
    var segments: [String: [RollupCell]] = [:]
    var lifetimes: [LifetimeGroup] = []
    var loyalty = LoyaltyCounts(membersAtStart: 0, retained: 0)

    func cells(_ query: RollupQuery) async throws(StoreError) -> [RollupCell] {
        let split = query.segmentAttribute.flatMap { segments[$0] } ?? []
        return (cells + split).filter { query.surveys.contains($0.survey) && query.weeks.contains($0.week) }
    }

    func lifetimes(tenant: String, cutOff: Date) async throws(StoreError) -> [LifetimeGroup] { lifetimes }

    func loyalty(tenant: String, start: Date, end: Date) async throws(StoreError) -> LoyaltyCounts { loyalty }
}

import CXCore
import CXStore
import Foundation

/// What an ingestion request achieved: `{"accepted":N,"duplicates":M}`.
public struct IngestSummary: Sendable, Codable, Equatable {
    public var accepted: Int
    public var duplicates: Int

    public init(accepted: Int, duplicates: Int) {
        self.accepted = accepted
        self.duplicates = duplicates
    }
}

/// Validates items and writes them through the group-commit writer. Shared by the HTTP
/// endpoints and `cxloop import`, so both accept and refuse exactly the same data.
public struct Ingestor: Sendable {
    public let surveys: any SurveyRepository
    /// The experiments exposures must name; nil where exposures are not ingested (imports).
    public let experiments: (any ExperimentRepository)?
    public let writer: GroupCommitWriter
    let metrics: ServiceMetrics?

    public init(surveys: any SurveyRepository, experiments: (any ExperimentRepository)? = nil, writer: GroupCommitWriter,
                metrics: ServiceMetrics? = nil) {
        self.surveys = surveys
        self.experiments = experiments
        self.writer = writer
        self.metrics = metrics
    }

    /// Validates responses and writes them for `tenant`.
    ///
    /// - Parameters:
    ///   - firstIndex: index reported for the first item (e.g. a file's line offset).
    ///   - skipInvalid: `false` (HTTP): any invalid item fails the whole request with
    ///     every issue and nothing is written. `true` (import): invalid items are reported
    ///     in ``IngestReport/rejected`` and the valid ones are written.
    /// - Throws: ``ValidationFailure`` (nothing written), or ``StoreError``.
    public func ingestResponses(_ items: [JSONValue], tenant: String, firstIndex: Int = 0, skipInvalid: Bool = false) async throws -> IngestReport {
        let keys = Set(items.compactMap { $0.objectValue?["survey"]?.stringValue })
        let validator = ResponseValidator(surveys: try await surveys.current(tenant: tenant, keys: keys))
        let (records, issues) = try validateAll(items, kind: "responses", firstIndex: firstIndex, skipInvalid: skipInvalid, validator.validate)
        let result = try await writer.submit(IngestBatch(responses: records.map { TenantScoped(tenant: tenant, record: $0) }))
        return report(result, rejected: issues, kind: "responses")
    }

    /// Validates outcomes and writes them for `tenant`; parameters as ``ingestResponses(_:tenant:firstIndex:skipInvalid:)``.
    public func ingestOutcomes(_ items: [JSONValue], tenant: String, firstIndex: Int = 0, skipInvalid: Bool = false) async throws -> IngestReport {
        let validator = OutcomeValidator()
        let (records, issues) = try validateAll(items, kind: "outcomes", firstIndex: firstIndex, skipInvalid: skipInvalid, validator.validate)
        let result = try await writer.submit(IngestBatch(outcomes: records.map { TenantScoped(tenant: tenant, record: $0) }))
        return report(result, rejected: issues, kind: "outcomes")
    }

    /// Validates exposure events against the tenant's experiments and writes them (as
    /// `exposure_<kind>` outcomes, see `ExposureValidator`); parameters as
    /// ``ingestResponses(_:tenant:firstIndex:skipInvalid:)``.
    public func ingestExposures(_ items: [JSONValue], tenant: String, firstIndex: Int = 0, skipInvalid: Bool = false) async throws -> IngestReport {
        guard let experiments else { throw StoreError(.failed, "this ingestor was built without an experiment repository") }
        let known = Dictionary(uniqueKeysWithValues: try await experiments.list(tenant: tenant).map { ($0.definition.key, $0.definition) })
        let validator = ExposureValidator(experiments: known)
        let (records, issues) = try validateAll(items, kind: "exposures", firstIndex: firstIndex, skipInvalid: skipInvalid, validator.validate)
        let result = try await writer.submit(IngestBatch(outcomes: records.map { TenantScoped(tenant: tenant, record: $0) }))
        return report(result, rejected: issues, kind: "exposures")
    }

    private func validateAll<Record>(
        _ items: [JSONValue], kind: String, firstIndex: Int, skipInvalid: Bool,
        _ validate: (JSONValue, Int) -> Result<Record, ValidationFailure>
    ) throws(ValidationFailure) -> ([Record], [ValidationIssue]) {
        var records: [Record] = []
        var issues: [ValidationIssue] = []
        var rejected = 0
        records.reserveCapacity(items.count)
        for (offset, item) in items.enumerated() {
            switch validate(item, firstIndex + offset) {
            case .success(let record): records.append(record)
            case .failure(let failure):
                issues += failure.issues
                rejected += 1
            }
        }
        if !issues.isEmpty && !skipInvalid {
            metrics?.recordItems(kind: kind, result: "rejected", count: items.count)
            throw ValidationFailure(issues)
        }
        metrics?.recordItems(kind: kind, result: "rejected", count: rejected)
        return (records, issues)
    }

    private func report(_ result: IngestResult, rejected: [ValidationIssue], kind: String) -> IngestReport {
        metrics?.recordItems(kind: kind, result: "accepted", count: result.accepted)
        metrics?.recordItems(kind: kind, result: "duplicate", count: result.duplicates)
        return IngestReport(summary: IngestSummary(accepted: result.accepted, duplicates: result.duplicates), rejected: rejected)
    }
}

/// The outcome of ingesting items: the summary, plus the issues of items skipped as invalid
/// (only when invalid items are skipped rather than failing the request).
public struct IngestReport: Sendable {
    public var summary: IngestSummary
    public var rejected: [ValidationIssue]
}

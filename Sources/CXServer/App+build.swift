import CXCore
import CXDecide
import CXStore
import Hummingbird
import Logging

/// Builds the cxloop HTTP application on `database`: repositories, group-commit writer,
/// middleware and routes. The database pool runs as one of the application's services
/// and pending migrations are applied before the server accepts requests.
///
/// The webhook delivery worker runs beside the server unless turned off in `configuration`.
///
/// On SIGTERM/SIGINT (`runService()`), the server stops accepting connections, lets
/// in-flight requests finish, then the worker stops, and only then the database pool shuts down.
public func buildApplication(
    configuration: ServerConfiguration, database: Database, migrations: [Migration], logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let metrics = ServiceMetrics()
    let router = buildRouter(configuration: configuration, database: database, metrics: metrics, logger: logger)
    var app = Application(
        router: router,
        server: .http1(configuration: .init(
            additionalChannelHandlers: [RequestBodyDeadlineHandler(deadline: .seconds(Int64(configuration.bodyTimeoutSeconds)))],
            idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "cxloop"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
    app.addServices(database)
    if configuration.webhooks.enabled {
        app.addServices(WebhookDeliveryWorker(
            repository: PostgresWebhookRepository(database: database), configuration: configuration.webhooks, logger: logger))
    }
    app.beforeServerStarts {
        let applied = try await MigrationRunner(database: database, migrations: migrations).migrate()
        if !applied.isEmpty { logger.info("migrations applied", metadata: ["versions": "\(applied)"]) }
    }
    return app
}

/// The router with every route and middleware, for ``buildApplication`` and router tests.
public func buildRouter(
    configuration: ServerConfiguration, database: Database, metrics: ServiceMetrics, logger: Logger
) -> Router<AppRequestContext> {
    let surveys = CachedSurveyRepository(PostgresSurveyRepository(database: database))
    // One cache of the tenants' pseudonymisation secrets for every path that stores a person's id.
    let pseudonyms = TenantPseudonyms(database: database)
    let writer = GroupCommitWriter(
        store: PostgresIngestStore(database: database, pseudonyms: pseudonyms), maxItemsPerFlush: configuration.maxItemsPerFlush,
        metrics: metrics, logger: logger)
    let experiments = PostgresExperimentRepository(database: database, pseudonyms: pseudonyms)
    let ingestor = Ingestor(surveys: surveys, experiments: experiments, writer: writer, metrics: metrics)

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
    router.add(middleware: ErrorMiddleware(retryAfterSeconds: configuration.retryAfterSeconds, metrics: metrics))
    router.add(middleware: AuthMiddleware(keys: KeyCache(repository: PostgresAPIKeyRepository(database: database))))
    if configuration.rateLimit > 0 {
        router.add(middleware: RateLimitMiddleware(limiter: RateLimiter(requestsPerSecond: configuration.rateLimit)))
    }
    HealthController(database: database, metrics: metrics).addRoutes(to: router)
    let v1 = router.group("v1")
    SurveyController(surveys: surveys, maxBodyBytes: 1024 * 1024).addRoutes(to: v1.group("surveys"))
    let ingest = IngestController(
        ingestor: ingestor, maxBodyBytes: configuration.maxBodyBytes, maxBatchItems: configuration.maxBatchItems)
    ingest.addRoutes(to: v1)
    InboundWebhookController(
        ingest: ingest, secrets: PostgresWebhookRepository(database: database), tolerance: configuration.webhooks.inboundTolerance
    ).addRoutes(to: v1)
    ExperimentController(experiments: experiments, maxBodyBytes: 1024 * 1024).addRoutes(to: v1)
    let decide = PostgresDecideRepository(database: database, pseudonyms: pseudonyms)
    DecideController(repository: decide, service: DecisionService(decide: decide, experiments: experiments, draws: configuration.decisionDraws),
                     maxBodyBytes: 1024 * 1024).addRoutes(to: v1)
    return router
}

#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import Hummingbird
import Logging
import ServiceLifecycle
import Telemetry

/// One ShopMicro service: configuration, telemetry, the HTTP application with its telemetry
/// middlewares, `/healthz`, `/readyz` and `/metrics`, and graceful shutdown on SIGTERM/SIGINT.
///
/// ```swift
/// let service = ShopService.start(name: "backend", defaultPort: 8080)
/// service.router.get("/api/products") { … }
/// try await service.run()
/// ```
public final class ShopService {
    public let configuration: ServiceConfiguration
    /// Add the service's own routes here; the telemetry and error middlewares already wrap them.
    public let router: Router<BasicRequestContext>
    public let logger: Logger

    private let health = HealthRoutes()
    private let telemetryServices: [any Service]
    private var extraServices: [any Service] = []
    private var shutdownHooks: [@Sendable () async -> Void] = []

    /// Reads the configuration from the process environment and bootstraps telemetry.
    ///
    /// A bad value stops the process here with one line on stderr naming the variable, exit code 2.
    public static func start(name: String, defaultPort: Int,
                             environment: [String: String] = ProcessInfo.processInfo.environment) -> ShopService {
        start(name: name, defaultPort: defaultPort, environment: environment) { _ in () }.service
    }

    /// Like `start(name:defaultPort:)`, also reading the service's own settings with `settings`,
    /// whose `ConfigurationError`s stop the process the same way.
    public static func start<Settings>(
        name: String, defaultPort: Int, environment: [String: String] = ProcessInfo.processInfo.environment,
        settings: (EnvironmentReader) throws(ConfigurationError) -> Settings
    ) -> (service: ShopService, settings: Settings) {
        do {
            let configuration = try ServiceConfiguration(serviceName: name, defaultPort: defaultPort, environment: environment)
            let own = try settings(EnvironmentReader(environment))
            return (try ShopService(configuration: configuration), own)
        } catch {
            var line = "\(name): \(error)\n"
            line.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
            exit(2)
        }
    }

    /// Builds a service from an explicit configuration (tests build several in one process).
    public init(configuration: ServiceConfiguration) throws {
        self.configuration = configuration
        self.telemetryServices = try Telemetry.bootstrap(configuration.telemetry)
        self.logger = Logger(label: configuration.serviceName)
        self.router = Router(context: BasicRequestContext.self)
        router.add(middleware: TelemetryMiddleware(trustsSyntheticMark: configuration.syntheticTrafficTrusted))
        router.add(middleware: JSONErrorMiddleware())
        health.register(on: router)
        if configuration.metricsPort == nil {
            MetricsRoute.register(on: router, exposition: MetricsExposition())
        }
    }

    /// Adds a dependency that `/readyz` reports.
    public func addReadinessCheck(_ check: ReadinessCheck) {
        health.add(check)
    }

    /// Adds a background service that starts with the application and stops after it.
    public func addService(_ service: any Service) {
        extraServices.append(service)
    }

    /// Runs `hook` after the server has stopped (close pools and clients here).
    public func onShutdown(_ hook: @escaping @Sendable () async -> Void) {
        shutdownHooks.append(hook)
    }

    /// The Hummingbird application, with the background services it runs.
    public func makeApplication(port: Int? = nil) -> some ApplicationProtocol {
        Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: port ?? configuration.port),
                serverName: configuration.serviceName),
            services: telemetryServices + [DependencyRefresher(health: health)] + extraServices,
            logger: logger)
    }

    /// The listener on `METRICS_PORT` that serves only `/metrics`, when that port is set.
    func makeMetricsApplication() -> (any Service)? {
        guard let metricsPort = configuration.metricsPort else { return nil }
        let metricsRouter = Router(context: BasicRequestContext.self)
        MetricsRoute.register(on: metricsRouter, exposition: MetricsExposition())
        return Application(
            router: metricsRouter,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: metricsPort), serverName: configuration.serviceName),
            logger: logger)
    }

    /// Runs until SIGTERM or SIGINT, then lets in-flight requests finish and returns;
    /// a failure to start (port in use…) is logged and exits with status 1.
    public func run() async {
        do {
            try await runUntilShutdown()
        } catch {
            logger.critical("service failed", error: error)
            exit(1)
        }
    }

    private func runUntilShutdown() async throws {
        let listeners: [any Service] = [makeApplication()] + [makeMetricsApplication()].compactMap { $0 }
        var groupConfiguration = ServiceGroupConfiguration(
            services: listeners.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(configuration.shutdownGraceSeconds)
        logger.info("starting", metadata: [
            "port": .stringConvertible(configuration.port),
            "metrics_port": .stringConvertible(configuration.metricsPort ?? configuration.port),
            "version": .string(configuration.version),
            "revision": .string(configuration.revision),
        ])
        try await ServiceGroup(configuration: groupConfiguration).run()
        for hook in shutdownHooks { await hook() }
        logger.info("stopped")
    }
}

/// Keeps `shopmicro_dependency_up` current between readiness probes; stops at shutdown.
private struct DependencyRefresher: Service {
    let health: HealthRoutes

    func run() async throws {
        await cancelWhenGracefulShutdown { await health.refreshPeriodically() }
    }
}

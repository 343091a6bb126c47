#if canImport(Glibc)
import Glibc
#endif
import Logging
import Metrics
import ServiceLifecycle
import Synchronization
import Tracing

/// What the process-wide telemetry needs to know, read once at start.
public struct TelemetryConfiguration: Sendable {
    /// The service name: `service` in logs, `SYSLOG_IDENTIFIER` in journald, the OTel service name.
    public var service: String
    public var logLevel: Logger.Level
    /// `stdout` or `journald`; resolve `auto` before passing it.
    public var logOutput: LogOutput
    /// Where spans go over OTLP/HTTP; nil exports nothing.
    public var otlpEndpoint: String?
    public var buildInfo: BuildInfo

    public init(service: String, logLevel: Logger.Level = .info, logOutput: LogOutput = .stdout,
                otlpEndpoint: String? = nil, buildInfo: BuildInfo = BuildInfo()) {
        self.service = service
        self.logLevel = logLevel
        self.logOutput = logOutput
        self.otlpEndpoint = otlpEndpoint
        self.buildInfo = buildInfo
    }
}

/// The shared telemetry of every ShopMicro service: Prometheus metrics, JSON or journald logs, W3C traces.
public enum Telemetry {
    private static let bootstrapped = Mutex<Bool>(false)

    /// Installs the logging, metrics and tracing backends for the whole process.
    ///
    /// Only the first call in a process installs anything (swift-log, swift-metrics and
    /// swift-distributed-tracing each accept one bootstrap); later calls return no services.
    /// - Returns: background services to run beside the application (the OTLP exporter, when enabled).
    public static func bootstrap(_ configuration: TelemetryConfiguration) throws -> [any Service] {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return [] }

        // A closed stdout must not kill the process through SIGPIPE.
        signal(SIGPIPE, SIG_IGN)

        LoggingSystem.bootstrap { label in
            makeLogHandler(label: label, configuration: configuration)
        }
        MetricsSystem.bootstrap(MetricsRegistry.shared.makeMetricsFactory())
        configuration.buildInfo.register(in: .shared)

        if let endpoint = configuration.otlpEndpoint {
            let backend = try OTLPTracing.makeBackend(service: configuration.service, endpoint: endpoint)
            InstrumentationSystem.bootstrap(backend.tracer)
            return [backend.service]
        }
        InstrumentationSystem.bootstrap(W3CTracer())
        return []
    }

    /// The log handler for `configuration.logOutput`.
    public static func makeLogHandler(label: String, configuration: TelemetryConfiguration) -> any LogHandler {
        switch configuration.logOutput {
        case .journald:
            JournaldLogHandler(label: label, identifier: configuration.service, level: configuration.logLevel)
        case .stdout, .auto:
            JSONLogHandler(label: label, service: configuration.service, level: configuration.logLevel)
        }
    }
}

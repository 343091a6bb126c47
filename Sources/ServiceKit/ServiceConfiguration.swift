import Logging
import Telemetry

/// The configuration every ShopMicro service shares, read once from the environment at start.
public struct ServiceConfiguration: Sendable {
    public var serviceName: String
    /// `HOST`, default 0.0.0.0.
    public var host: String
    /// `PORT`, default per service.
    public var port: Int
    /// `METRICS_PORT`: serve `/metrics` on this port only (not on `PORT`), so that what is published
    /// through an ingress or load balancer never includes it; unset serves it on `PORT`.
    public var metricsPort: Int?
    /// `LOG_LEVEL`: trace|debug|info|notice|warning|error|critical, default info.
    public var logLevel: Logger.Level
    /// `LOG_OUTPUT`: stdout|journald|auto (resolved), default auto.
    public var logOutput: LogOutput
    /// `OTEL_EXPORTER_OTLP_ENDPOINT`: where spans go over OTLP/HTTP; unset exports nothing.
    public var otlpEndpoint: String?
    /// `SHOPMICRO_VERSION`: the release reported in `shopmicro_build_info`, default the compiled one.
    public var version: String
    /// `SHOPMICRO_REVISION`: the source revision reported in `shopmicro_build_info`, default `unknown`.
    public var revision: String
    /// `SHUTDOWN_GRACE_SECONDS`: how long in-flight requests get after SIGTERM, default 25.
    public var shutdownGraceSeconds: Int
    /// `SYNTHETIC_TRAFFIC_TRUSTED`: honour the `X-ShopMicro-Synthetic` mark (set it only where the
    /// ingress strips the header from outside requests), default false: the mark is ignored.
    public var syntheticTrafficTrusted: Bool

    /// Reads the shared variables; throws the first invalid one.
    public init(serviceName: String, defaultPort: Int, environment: [String: String]) throws(ConfigurationError) {
        let reader = EnvironmentReader(environment)
        self.serviceName = serviceName
        self.host = reader.string("HOST") ?? "0.0.0.0"
        self.port = try reader.port("PORT", default: defaultPort)
        self.metricsPort = try reader.optionalPort("METRICS_PORT")
        if let metricsPort, metricsPort == port {
            throw ConfigurationError(variable: "METRICS_PORT", reason: "=\"\(metricsPort)\" is the same as PORT")
        }
        self.logLevel = try reader.logLevel("LOG_LEVEL", default: .info)
        self.logOutput = try reader.choice("LOG_OUTPUT", default: LogOutput.auto).resolved(environment: environment)
        self.otlpEndpoint = try reader.httpURL("OTEL_EXPORTER_OTLP_ENDPOINT", default: nil)
        let buildInfo = try reader.buildInfo()
        self.version = buildInfo.version
        self.revision = buildInfo.revision
        self.shutdownGraceSeconds = try reader.integer("SHUTDOWN_GRACE_SECONDS", default: 25, in: 1...3600)
        self.syntheticTrafficTrusted = try reader.flag("SYNTHETIC_TRAFFIC_TRUSTED", default: false)
    }

    /// The telemetry part of this configuration.
    public var telemetry: TelemetryConfiguration {
        TelemetryConfiguration(
            service: serviceName, logLevel: logLevel, logOutput: logOutput,
            otlpEndpoint: otlpEndpoint, buildInfo: BuildInfo(version: version, revision: revision))
    }
}

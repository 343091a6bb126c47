import Logging
import OTel
import ServiceLifecycle
import Tracing

/// Span export over OTLP/HTTP (protobuf) through swift-otel, used when `OTEL_EXPORTER_OTLP_ENDPOINT` is set.
enum OTLPTracing {
    /// A tracer exporting to `endpoint`, and the background service that batches and sends spans.
    /// The standard `OTEL_*` variables refine the configuration (batch delay, headers, sampler…).
    static func makeBackend(service: String, endpoint: String) throws -> (tracer: any Tracer, service: any Service) {
        var configuration = OTel.Configuration.default
        configuration.serviceName = service
        configuration.propagators = [.traceContext]
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.enabled = true
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        configuration.diagnosticLogger = .custom(Logger(label: "otel"))
        configuration.diagnosticLogLevel = .warning
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        return (backend.factory, backend.service)
    }
}

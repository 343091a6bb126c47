import Dispatch
import HTTPTypes
import Hummingbird
import Logging
import Prometheus
import Tracing

/// Hummingbird middleware that gives every request its telemetry: a server span continuing the
/// caller's W3C trace, the HTTP server metrics of the contract, and one access-log line once the
/// response has been written.
///
/// Add it to the router before any route, so that it wraps every endpoint and the not-found responder,
/// and create it after `Telemetry.bootstrap`: it keeps the tracer installed at that moment.
/// `trustsSyntheticMark`: honour `X-ShopMicro-Synthetic` (see `SyntheticTraffic`); false ignores it.
public struct TelemetryMiddleware<Context: RequestContext>: RouterMiddleware {
    private let metrics: HTTPServerMetrics
    private let accessLogger: Logger
    /// The access logger's handler when it writes JSON lines, which take a direct path.
    private let jsonAccessHandler: JSONLogHandler?
    private let tracer: any LegacyTracer
    private let trustsSyntheticMark: Bool

    public init(metrics: HTTPServerMetrics = HTTPServerMetrics(), accessLogger: Logger = Logger(label: "access"),
                trustsSyntheticMark: Bool = false) {
        self.metrics = metrics
        self.trustsSyntheticMark = trustsSyntheticMark
        self.accessLogger = accessLogger
        self.jsonAccessHandler = accessLogger.handler as? JSONLogHandler
        self.tracer = InstrumentationSystem.legacyTracer
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let method = HTTPMethodLabel.value(for: request.method)
        // The router resolves the route before the middleware chain runs; nil means no route matched.
        let route = context.endpointPath ?? HTTPServerMetrics.unmatchedRoute

        var parentContext = ServiceContext.current ?? .topLevel
        tracer.extract(request.headers, into: &parentContext, using: HTTPFieldsExtractor())
        let synthetic = trustsSyntheticMark && SyntheticTraffic.isMarked(request.headers)
        if synthetic { parentContext[SyntheticTraffic.ContextKey.self] = true }
        let span = tracer.startAnySpan(
            "\(request.method.rawValue) \(route)", context: parentContext, ofKind: .server)
        let active = metrics.activeRequestsGauge(method: method)
        active.increment()

        let completion = RequestCompletion(
            metrics: metrics, logger: accessLogger, jsonHandler: jsonAccessHandler, span: span, method: method, route: route,
            path: request.uri.path, start: start, active: active, synthetic: synthetic)
        do {
            let response = try await ServiceContext.withValue(span.context) {
                try await next(request, context)
            }
            return completion.complete(response)
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            completion.finish(status: status, bytes: 0)
            throw error
        }
    }
}

/// What happens once a response has been written: metrics, access log, span end.
private struct RequestCompletion: Sendable {
    let metrics: HTTPServerMetrics
    let logger: Logger
    let jsonHandler: JSONLogHandler?
    let span: any Span
    let method: String
    let route: String
    let path: String
    let start: UInt64
    let active: Prometheus.Gauge
    let synthetic: Bool

    /// Completes now when the body's length is known (the response is), otherwise wraps the body
    /// so that completion runs after its last byte, counting the bytes.
    func complete(_ response: Response) -> Response {
        let status = response.status
        if let length = response.body.contentLength {
            finish(status: status, bytes: length)
            return response
        }
        var response = response
        let body = response.body
        response.body = ResponseBody { writer in
            let counter = ByteCounter()
            defer { finish(status: status, bytes: counter.total) }
            try await body.write(writer.map { buffer in
                counter.add(buffer.readableBytes)
                return buffer
            })
        }
        return response
    }

    func finish(status: HTTPResponse.Status, bytes: Int) {
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        active.decrement()
        let traceID = { TraceIdentity.sampledTraceID(of: span.context) }
        metrics.recordRequest(method: method, route: route, status: status.code, nanoseconds: Int64(elapsed),
                              synthetic: synthetic, traceID: traceID)
        if span.isRecording {
            span.attributes["http.request.method"] = method
            span.attributes["http.route"] = route
            span.attributes["http.response.status_code"] = status.code
            if synthetic { span.attributes["shopmicro.synthetic"] = true }
            if status.code >= 500 { span.setStatus(SpanStatus(code: .error)) }
        }
        let record = AccessLogRecord(method: method, route: route, path: path, status: Int(status.code),
                                     durationNanoseconds: elapsed, responseBytes: bytes, synthetic: synthetic)
        if jsonHandler?.writeAccessRecord(record, spanContext: span.context) != true {
            ServiceContext.withValue(span.context) {
                logger.log(level: record.level, AccessLogRecord.message, metadata: record.metadata)
            }
        }
        span.end()
    }
}

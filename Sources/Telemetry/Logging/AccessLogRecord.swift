import Logging
import ServiceContextModule
import W3CTraceContext

/// The fields of one access-log line.
///
/// Written as swift-log metadata through any handler, or, when the access logger is the JSON
/// handler, encoded straight into the same JSON line: the fields are fixed, so no metadata
/// dictionary is built, sorted or inspected for each request.
struct AccessLogRecord {
    var method: String
    var route: String
    var path: String
    var status: Int
    var durationNanoseconds: UInt64
    var responseBytes: Int
    var synthetic: Bool

    /// The message of every access line.
    static let messageText: StaticString = "request"
    static let message = Logger.Message(stringLiteral: messageText.description)

    /// Server errors are logged as errors, everything else as info.
    var level: Logger.Level { status >= 500 ? .error : .info }

    private var durationSeconds: Double { Double(durationNanoseconds) / 1e9 }

    /// The fields as swift-log metadata (the general path).
    var metadata: Logger.Metadata {
        var metadata: Logger.Metadata = [
            "http_request_method": .string(method),
            "http_route": .string(route),
            "url_path": .string(path),
            "http_response_status_code": .stringConvertible(status),
            "duration_seconds": .stringConvertible(durationSeconds),
            "response_bytes": .stringConvertible(responseBytes),
        ]
        if synthetic { metadata["synthetic"] = .stringConvertible(true) }
        return metadata
    }

    /// The JSON line `JSONLogHandler` writes for this record: the record's own fields, then the
    /// metadata keys in sorted order, exactly as the general path orders them.
    func jsonLine(service: String, label: String, spanContext: ServiceContext) -> [UInt8] {
        // The fixed fields, ids and numbers take about 300 bytes.
        let capacity = 320 + service.utf8.count + label.utf8.count + method.utf8.count + route.utf8.count + path.utf8.count
        return JSONLineEncoder.line(capacity: capacity) { line in
            line.timestampField("timestamp")
            line.field("level", plain: level.jsonName)
            line.field("message", plain: Self.messageText)
            line.field("service", service)
            line.field("logger", label)
            if let w3c = spanContext.w3cTraceContext {
                line.field("trace_id", traceID: w3c.traceID)
                line.field("span_id", spanID: w3c.spanID)
            } else if let trace = TraceIdentity.of(spanContext) {
                line.field("trace_id", trace.traceID)
                line.field("span_id", trace.spanID)
            }
            line.field("duration_seconds", double: durationSeconds)
            line.field("http_request_method", method)
            line.field("http_response_status_code", integer: status)
            line.field("http_route", route)
            line.field("response_bytes", integer: responseBytes)
            if synthetic { line.field("synthetic", bool: true) }
            line.field("url_path", path)
        }
    }
}

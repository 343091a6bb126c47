import Logging
import ServiceContextModule

/// A swift-log handler writing one JSON object per line:
/// `timestamp`, `level`, `message`, `service`, `trace_id` and `span_id` inside a span, then the metadata.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let service: String
    private let label: String
    private let writer: FileDescriptorWriter

    public init(label: String, service: String, level: Logger.Level, writer: FileDescriptorWriter = .standardOutput,
                metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.service = service
        self.logLevel = level
        self.writer = writer
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        writer.write(Self.encode(event, service: service, label: label, metadata: effectiveMetadata(for: event)))
    }

    /// Writes an access-log record without going through swift-log's metadata; false (nothing
    /// written) when this handler has metadata or a metadata provider of its own to merge.
    func writeAccessRecord(_ record: AccessLogRecord, spanContext: ServiceContext) -> Bool {
        guard metadata.isEmpty, metadataProvider == nil else { return false }
        if logLevel <= record.level {
            writer.write(record.jsonLine(service: service, label: label, spanContext: spanContext))
        }
        return true
    }

    /// The encoded line for `event` (what `log(event:)` writes), exposed for tests and benchmarks.
    public static func encode(_ event: LogEvent, service: String, label: String, metadata: Logger.Metadata,
                       trace: TraceIdentity? = TraceIdentity.current) -> [UInt8] {
        let level = event.level
        let message = event.message.description
        let error = event.error.map { String(describing: $0) }
        return MetadataOrder.withSortedIndices(metadata, skipping: LogRecordFields.isReserved) { sorted, metadataBytes in
            // The whole line in one allocation when the estimate holds: the fixed fields take about
            // 130 bytes, and at least 512 leave room for longer metadata values.
            var capacity = 160 + message.utf8.count + service.utf8.count + label.utf8.count + metadataBytes
            if let trace { capacity += trace.traceID.utf8.count + trace.spanID.utf8.count }
            if let error { capacity += error.utf8.count + 12 }
            return JSONLineEncoder.line(capacity: max(capacity, 512)) { line in
                line.timestampField("timestamp")
                line.field("level", plain: level.jsonName)
                line.field("message", message)
                line.field("service", service)
                line.field("logger", label)
                if let trace {
                    line.field("trace_id", trace.traceID)
                    line.field("span_id", trace.spanID)
                }
                if let error {
                    line.field("error", error)
                }
                for entry in sorted {
                    let (key, value) = metadata[entry.index]
                    line.field(key, metadata: value)
                }
            }
        }
    }
}

/// Field names that the record itself sets and metadata may not overwrite.
enum LogRecordFields {
    static let reserved: Set<String> = ["timestamp", "level", "message", "service", "logger", "trace_id", "span_id", "error"]

    /// Whether `key` is one of `reserved` (its length first: most keys are compared with nothing).
    @inline(__always)
    static func isReserved(_ key: String) -> Bool {
        switch key.utf8.count {
        case 5: key == "level" || key == "error"
        case 6: key == "logger"
        case 7: key == "message" || key == "service" || key == "span_id"
        case 8: key == "trace_id"
        case 9: key == "timestamp"
        default: false
        }
    }
}

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
        var line = JSONLineEncoder()
        line.timestampField("timestamp")
        line.field("level", event.level.rawValue)
        line.field("message", event.message.description)
        line.field("service", service)
        line.field("logger", label)
        if let trace {
            line.field("trace_id", trace.traceID)
            line.field("span_id", trace.spanID)
        }
        if let error = event.error {
            line.field("error", String(describing: error))
        }
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) where !LogRecordFields.isReserved(key) {
            line.field(key, metadata: value)
        }
        return line.finishLine()
    }
}

/// Field names that the record itself sets and metadata may not overwrite.
enum LogRecordFields {
    static let reserved: Set<String> = ["timestamp", "level", "message", "service", "logger", "trace_id", "span_id", "error"]

    /// Whether `key` is one of `reserved` (compared directly: cheaper than hashing for a few short names).
    @inline(__always)
    static func isReserved(_ key: String) -> Bool {
        switch key {
        case "timestamp", "level", "message", "service", "logger", "trace_id", "span_id", "error": true
        default: false
        }
    }
}

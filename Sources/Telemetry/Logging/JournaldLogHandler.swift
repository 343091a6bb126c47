import CSystemd
import Logging

/// A swift-log handler sending native journald entries through libsystemd's `sd_journal_sendv`.
///
/// Fields: `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`, `TRACE_ID`, `SPAN_ID`, `LOGGER`, and every
/// metadata key in upper case (characters outside A–Z, 0–9 and `_` become `_`).
public struct JournaldLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let identifier: String
    private let label: String

    public init(label: String, identifier: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.identifier = identifier
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let fields = Self.fields(event, identifier: identifier, label: label, metadata: effectiveMetadata(for: event),
                                 trace: TraceIdentity.current)
        _ = Self.send(fields)
    }

    /// The journal fields of one entry, as `NAME=value` strings.
    static func fields(_ event: LogEvent, identifier: String, label: String, metadata: Logger.Metadata,
                       trace: TraceIdentity?) -> [String] {
        var fields = [
            "MESSAGE=\(event.message)",
            "PRIORITY=\(priority(event.level))",
            "SYSLOG_IDENTIFIER=\(identifier)",
            "LOGGER=\(label)",
        ]
        if let trace {
            fields.append("TRACE_ID=\(trace.traceID)")
            fields.append("SPAN_ID=\(trace.spanID)")
        }
        if let error = event.error { fields.append("ERROR=\(error)") }
        for (key, value) in metadata {
            let name = fieldName(key)
            guard !["MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "TRACE_ID", "SPAN_ID", "LOGGER", "ERROR"].contains(name) else { continue }
            fields.append("\(name)=\(value)")
        }
        return fields
    }

    /// Sends one entry; returns libsystemd's result (0, or a negative errno).
    static func send(_ fields: [String]) -> Int32 {
        // One contiguous buffer, so every iovec points into memory that lives for the whole call.
        var buffer: [UInt8] = []
        var ranges: [Range<Int>] = []
        for field in fields {
            let start = buffer.count
            buffer.append(contentsOf: field.utf8)
            ranges.append(start..<buffer.count)
        }
        return buffer.withUnsafeMutableBytes { bytes in
            let vectors = ranges.map { iovec(iov_base: bytes.baseAddress! + $0.lowerBound, iov_len: $0.count) }
            return sd_journal_sendv(vectors, Int32(vectors.count))
        }
    }

    /// A journal field name: upper case, only A–Z, 0–9 and `_`, never starting with `_` or a digit.
    static func fieldName(_ key: String) -> String {
        var name = String(key.uppercased().unicodeScalars.map { scalar -> Character in
            ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
        })
        while let first = name.first, first == "_" || first.isNumber { name.removeFirst() }
        return name.isEmpty ? "FIELD" : String(name.prefix(64))
    }

    /// syslog priority of a swift-log level.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}

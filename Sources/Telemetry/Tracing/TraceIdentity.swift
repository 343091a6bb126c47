import Logging
import OTel
import Tracing

/// The trace and span id of a context, as lower-case hex, whichever tracer is installed.
public struct TraceIdentity: Sendable, Equatable {
    public var traceID: String
    public var spanID: String

    public init(traceID: String, spanID: String) {
        self.traceID = traceID
        self.spanID = spanID
    }

    /// The identity of the current task's span, if any.
    public static var current: TraceIdentity? {
        guard let context = ServiceContext.current else { return nil }
        return of(context)
    }

    /// The identity of the span in `context`.
    public static func of(_ context: ServiceContext) -> TraceIdentity? {
        if let w3c = context.w3cTraceContext {
            return TraceIdentity(traceID: w3c.traceID.description, spanID: w3c.spanID.description)
        }
        // swift-otel keeps its span context private; its metadata provider exposes the ids.
        let metadata = ServiceContext.withValue(context) { otelMetadataProvider.get() }
        guard case .string(let traceID)? = metadata["trace_id"], case .string(let spanID)? = metadata["span_id"] else {
            return nil
        }
        return TraceIdentity(traceID: traceID, spanID: spanID)
    }

    /// The trace id of the span in `context` when its trace is sampled (exported), for exemplars.
    public static func sampledTraceID(of context: ServiceContext?) -> String? {
        guard let context else { return nil }
        if let w3c = context.w3cTraceContext {
            return w3c.flags.contains(.sampled) ? w3c.traceID.description : nil
        }
        return of(context)?.traceID
    }

    private static let otelMetadataProvider = OTel.makeLoggingMetadataProvider()
}

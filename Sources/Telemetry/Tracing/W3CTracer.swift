import Tracing
import W3CTraceContext

/// A light tracer that propagates W3C Trace Context and gives every span new ids, exporting nothing.
///
/// Used when no OTLP endpoint is configured: trace ids still reach logs, error bodies and
/// downstream services, at the cost of two or three random numbers per span.
public struct W3CTracer: Tracer {
    public init() {}

    public func startSpan<Instant: TracerInstant>(
        _ operationName: String,
        context: @autoclosure () -> ServiceContext,
        ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant,
        function: String,
        file fileID: String,
        line: UInt
    ) -> W3CSpan {
        var context = context()
        let parent = context.w3cTraceContext
        var generator = SpanIDGenerator()
        context.w3cTraceContext = TraceContext(
            traceID: parent?.traceID ?? .random(using: &generator),
            spanID: .random(using: &generator),
            flags: parent?.flags ?? .sampled,
            state: parent?.state ?? TraceState()
        )
        return W3CSpan(context: context)
    }

    public func forceFlush() {}

    public func extract<Carrier, Extract: Extractor>(
        _ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract
    ) where Extract.Carrier == Carrier {
        // An invalid header is ignored: the server span then starts a new trace.
        guard let traceParent = extractor.extract(key: "traceparent", from: carrier),
              let remote = try? TraceContext(
                  traceParentHeaderValue: traceParent,
                  traceStateHeaderValue: extractor.extract(key: "tracestate", from: carrier))
        else { return }
        context.w3cTraceContext = remote
    }

    public func inject<Carrier, Inject: Injector>(
        _ context: ServiceContext, into carrier: inout Carrier, using injector: Inject
    ) where Inject.Carrier == Carrier {
        guard let traceContext = context.w3cTraceContext else { return }
        injector.inject(traceContext.traceParentHeaderValue, forKey: "traceparent", into: &carrier)
        if let state = traceContext.traceStateHeaderValue, !state.isEmpty {
            injector.inject(state, forKey: "tracestate", into: &carrier)
        }
    }
}

/// A span of `W3CTracer`: it carries its context and records nothing.
public struct W3CSpan: Tracing.Span {
    public let context: ServiceContext
    public var isRecording: Bool { false }
    public var operationName: String {
        get { "" }
        nonmutating set {}
    }
    public var attributes: SpanAttributes {
        get { [:] }
        nonmutating set {}
    }
    public func setStatus(_ status: SpanStatus) {}
    public func addEvent(_ event: SpanEvent) {}
    public func addLink(_ link: SpanLink) {}
    public func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {}
    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {}
}

private enum W3CTraceContextKey: ServiceContextKey {
    typealias Value = TraceContext
    static var nameOverride: String? { "w3c-trace-context" }
}

extension ServiceContext {
    /// The W3C trace context of the current span of `W3CTracer`.
    var w3cTraceContext: TraceContext? {
        get { self[W3CTraceContextKey.self] }
        set { self[W3CTraceContextKey.self] = newValue }
    }
}

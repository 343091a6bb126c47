import AsyncHTTPClient
import Dispatch
import NIOCore
import NIOHTTP1
import Telemetry
import Tracing

/// An HTTP client for calls to another ShopMicro service.
///
/// Each call is a client span whose W3C `traceparent` goes out with the request, and is recorded in
/// `http_client_request_duration_seconds` under the peer's name.
public struct ServiceHTTPClient: Sendable {
    /// The peer service's name, used as the `server_address` label (e.g. `backend`).
    public let peer: String
    /// Base URL without a trailing slash, e.g. `http://127.0.0.1:8080`.
    public let baseURL: String
    /// Responses larger than this fail instead of exhausting memory.
    public let maxResponseBytes: Int

    private let client: HTTPClient
    private let metrics: HTTPClientMetrics

    /// The connection pool every service-to-service client shares: no redirects, no automatic
    /// decompression, and a dead peer fails fast: a refused connection fails the request at once
    /// instead of being retried until the connect timeout (the fault drills saw every storefront page
    /// take 2 s to say 503 while the backend was down, which paged for latency too). AsyncHTTPClient's
    /// own tracing is off: `send` makes the client span and injects its context itself.
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(2)), decompression: .disabled)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.tracing.tracer = nil
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public init(peer: String, baseURL: String, maxResponseBytes: Int = 10 << 20,
                client: HTTPClient = ServiceHTTPClient.sharedClient, metrics: HTTPClientMetrics = .shared) {
        self.peer = peer
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.maxResponseBytes = maxResponseBytes
        self.client = client
        self.metrics = metrics
    }

    /// Sends a request to `path` (starting with `/`) and reads the whole response.
    public func send(
        _ method: HTTPMethod = .GET, path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil,
        timeout: Duration = .seconds(5)
    ) async throws -> ServiceResponse {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers = headers
        if SyntheticTraffic.isCurrent { request.headers.replaceOrAdd(name: SyntheticTraffic.headerName, value: SyntheticTraffic.headerValue) }
        if let body { request.body = .bytes(body) }

        let start = DispatchTime.now().uptimeNanoseconds
        return try await withSpan("\(method.rawValue)", ofKind: .client) { span in
            span.attributes["server.address"] = peer
            span.attributes["url.path"] = path
            InstrumentationSystem.instrument.inject(span.context, into: &request.headers, using: HTTPHeadersInjector())
            do {
                let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
                let body = try await response.body.collect(upTo: maxResponseBytes)
                record(method, status: String(response.status.code), since: start)
                span.attributes["http.response.status_code"] = Int(response.status.code)
                if response.status.code >= 500 { span.setStatus(SpanStatus(code: .error)) }
                return ServiceResponse(status: response.status, headers: response.headers, body: body)
            } catch {
                record(method, status: HTTPClientMetrics.transportErrorStatus, since: start)
                throw ServiceCallError(peer: peer, path: path, underlying: error)
            }
        }
    }

    private func record(_ method: HTTPMethod, status: String, since start: UInt64) {
        metrics.record(peer: peer, method: method.rawValue, status: status, nanoseconds: DispatchTime.now().uptimeNanoseconds - start)
    }
}

/// A complete response from another service.
public struct ServiceResponse: Sendable {
    public let status: HTTPResponseStatus
    public let headers: HTTPHeaders
    public let body: ByteBuffer
}

/// A call that got no response: the peer refused, timed out or broke the connection.
public struct ServiceCallError: Error, CustomStringConvertible {
    public let peer: String
    public let path: String
    public let underlying: any Error

    public var description: String { "call to \(peer) \(path) failed: \(underlying)" }
}

/// Writes propagation headers into NIO's `HTTPHeaders`.
struct HTTPHeadersInjector: Injector {
    func inject(_ value: String, forKey key: String, into headers: inout HTTPHeaders) {
        headers.replaceOrAdd(name: key, value: value)
    }
}

extension Duration {
    /// The whole duration in nanoseconds.
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}

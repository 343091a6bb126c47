import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Small helpers over AsyncHTTPClient for tests.
public enum HTTP {
    /// A client that leaves bodies as they come (no automatic decompression), following no redirects,
    /// and never reusing a connection: tests start and stop many servers, and a kept-alive connection
    /// to a port that a stopped process used could otherwise be picked for a new one.
    public static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5)),
                                                     decompression: .disabled)
        configuration.maximumUsesPerConnection = 1
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public struct Reply: Sendable {
        public let status: HTTPResponseStatus
        public let headers: HTTPHeaders
        public let body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }
        public func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { throw Failure("not a JSON object: \(text)") }
            return object
        }
    }

    public static func get(_ url: String, headers: [(String, String)] = []) async throws -> Reply {
        try await send(.GET, url, headers: headers)
    }

    public static func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: response.status, headers: response.headers, body: Array(buffer.readableBytesView))
    }
}


import Foundation
import NIOHTTP1

/// A shopper's HTTP client for the storefront: keeps the cookies the shop sets, posts forms, and
/// reads hidden form values out of pages. Follows no redirects, so tests see every 303.
public final class Shopper: @unchecked Sendable {
    public let baseURL: String
    public private(set) var cookies: [String: String] = [:]

    public init(baseURL: String) {
        self.baseURL = baseURL
    }

    public func get(_ path: String, headers: [(String, String)] = []) async throws -> HTTP.Reply {
        try await send(.GET, path, headers: headers)
    }

    /// Posts `fields` as `application/x-www-form-urlencoded`.
    public func post(_ path: String, form fields: [(String, String)], headers: [(String, String)] = []) async throws -> HTTP.Reply {
        let body = fields.map { "\(Self.formEncoded($0.0))=\(Self.formEncoded($0.1))" }.joined(separator: "&")
        return try await send(.POST, path, headers: headers + [("Content-Type", "application/x-www-form-urlencoded")], body: Array(body.utf8))
    }

    public func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: [UInt8]? = nil) async throws -> HTTP.Reply {
        var all = headers
        if !cookies.isEmpty { all.append(("Cookie", cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))) }
        let reply = try await HTTP.send(method, baseURL + path, headers: all, body: body)
        for header in reply.headers["Set-Cookie"] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) }
        }
        return reply
    }

    /// The value of the first hidden input named `name` in `html`.
    public static func hiddenValue(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func formEncoded(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }
}

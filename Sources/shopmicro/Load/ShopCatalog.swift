import AsyncHTTPClient
import Foundation

/// What the shoppers pick from, read from the storefront's own pages: product ids and categories.
struct ShopCatalog: Sendable {
    let productIDs: [Int]
    let categories: [String]
    static let searchTerms = ["coffee", "knife", "tent", "headphones", "cotton", "garden", "puzzle", "pen", "lamp", "wool"]

    /// Reads the home page and the next ones; fails when the storefront does not answer with a shop.
    static func discover(base: String, client: HTTPClient) async throws -> ShopCatalog {
        var products = Set<Int>()
        var categories: [String] = []
        for page in 1...3 {
            let response = try await client.execute(HTTPClientRequest(url: base + (page == 1 ? "/" : "/?page=\(page)")), timeout: .seconds(10))
            let body = String(buffer: try await response.body.collect(upTo: 8 << 20))
            guard response.status == .ok else { throw LoadError.unexpectedStatus(Int(response.status.code), "/") }
            products.formUnion(matches(of: #"href="/products/(\d+)""#, in: body).compactMap { Int($0) })
            if page == 1 { categories = matches(of: #"href="/\?category=([a-z0-9-]+)""#, in: body) }
        }
        guard !products.isEmpty else { throw LoadError.notAShop }
        return ShopCatalog(productIDs: products.sorted(), categories: categories)
    }

    static func matches(of pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}

/// Why the load could not start.
enum LoadError: Error {
    case unexpectedStatus(Int, String)
    case notAShop

    /// One line for people, including the common transport failures.
    static func describe(_ error: any Error) -> String {
        switch error {
        case LoadError.unexpectedStatus(let status, let path): return "GET \(path) answered \(status)"
        case LoadError.notAShop: return "the page lists no products (is this the ShopMicro storefront?)"
        case let error as HTTPClientError where error == .connectTimeout: return "connection timed out"
        default:
            let text = "\(error)"
            if text.contains("connectionRefused") || text.contains("Connection refused") {
                return "connection refused (is it running? `make run` starts it)"
            }
            if text.contains("NXDOMAIN") || text.contains("resolve") || text.contains("lookup") { return "the host name does not resolve" }
            return text
        }
    }

    /// A short, bounded name for a failed request's transport error, for the fault drills' ledger.
    static func kind(of error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "connect_timeout"
            case .readTimeout, .deadlineExceeded: return "timeout"
            case .remoteConnectionClosed: return "connection_closed"
            default: break
            }
        }
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection_refused" }
        if text.contains("reset") || text.contains("ECONNRESET") { return "connection_reset" }
        return "transport"
    }
}

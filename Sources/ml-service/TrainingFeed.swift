import FoundationEssentials
import NIOCore
import ServiceHTTPClient
import ServiceKit

/// Reads what the model learns from out of the backend: the order history
/// (`GET /internal/order-history`, keyset pages in the compact TSV form) and each product's category
/// (`GET /api/products`).
struct TrainingFeed: Sendable {
    let backend: ServiceHTTPClient
    /// Orders asked for per page (the backend allows up to 5,000).
    var orderPageSize = 5_000
    /// Products asked for per page (the backend allows up to 100).
    var productPageSize = 100

    /// Every order after `sequence`, oldest first, and the sequence of the last one (`sequence` when none).
    ///
    /// Pages are asked for as `text/tab-separated-values` and parsed by hand (`OrderHistoryTSV`):
    /// decoding the JSON form with `JSONDecoder` took 5.8 s for 100,000 orders, nearly all of a
    /// training. A backend that answers JSON all the same (one older than the TSV form, during a
    /// rolling upgrade) is still read, the slow way.
    func orders(after sequence: Int) async throws -> (orders: [[Int]], lastSequence: Int) {
        var orders: [[Int]] = []
        var cursor = sequence
        while true {
            let path = "/internal/order-history?after=\(cursor)&limit=\(orderPageSize)"
            let page = try await orderPage(path)
            if let first = page.sequences.first, first <= cursor {
                throw TrainingFeedError(path: path, reason: "the page starts at sequence \(first), not after \(cursor)")
            }
            orders.append(contentsOf: page.productIds)
            cursor = page.sequences.last ?? cursor
            guard page.hasNext, !page.sequences.isEmpty else { return (orders, cursor) }
        }
    }

    /// One page of the order history, in whichever form the backend answered.
    private func orderPage(_ path: String) async throws -> (sequences: [Int], productIds: [[Int]], hasNext: Bool) {
        let response = try await get(path, accept: "text/tab-separated-values, application/json;q=0.5")
        let mediaType = response.headers.first(name: "content-type")?.split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased()
        do {
            switch mediaType {
            case "text/tab-separated-values":
                let page = try OrderHistoryTSV.parse(response.body)
                return (page.sequences, page.productIds, response.headers["link"].contains { $0.contains(#"rel="next""#) })
            case "application/json":
                let page = try JSONBody.decoder.decode(OrderHistoryPage.self, from: Data(response.body.readableBytesView))
                return (page.orders.map(\.sequence), page.orders.map(\.productIds), page.nextAfter != nil)
            default:
                throw TrainingFeedError(path: path, reason: "answered \(mediaType ?? "no content type"), not an order-history page")
            }
        } catch let error as TrainingFeedError {
            throw error
        } catch {
            throw TrainingFeedError(path: path, reason: "unreadable response: \(error)")
        }
    }

    /// Product id → category of the whole catalog.
    func categories() async throws -> [Int: String] {
        var categories: [Int: String] = [:]
        var offset = 0
        while true {
            let path = "/api/products?limit=\(productPageSize)&offset=\(offset)"
            let response = try await get(path, accept: "application/json")
            let page: ProductPage
            do {
                page = try JSONBody.decoder.decode(ProductPage.self, from: Data(response.body.readableBytesView))
            } catch {
                throw TrainingFeedError(path: path, reason: "unreadable response: \(error)")
            }
            for product in page.products { categories[product.id] = product.category }
            offset += page.products.count
            guard !page.products.isEmpty, offset < page.total else { return categories }
        }
    }

    /// A 200 response to `GET path`.
    private func get(_ path: String, accept: String) async throws -> ServiceResponse {
        let response = try await backend.send(path: path, headers: ["Accept": accept])
        guard response.status == .ok else {
            throw TrainingFeedError(path: path, reason: "backend answered \(response.status.code)")
        }
        return response
    }

    /// The JSON form of an order-history page, as far as the model needs it.
    struct OrderHistoryPage: Decodable {
        struct Entry: Decodable {
            let sequence: Int
            let productIds: [Int]
        }
        let orders: [Entry]
        let nextAfter: Int?
    }

    struct ProductPage: Decodable {
        struct Product: Decodable {
            let id: Int
            let category: String
        }
        let products: [Product]
        let total: Int
    }
}

/// The backend answered, but not with what the feed needs.
struct TrainingFeedError: Error, CustomStringConvertible {
    let path: String
    let reason: String

    var description: String { "GET \(path): \(reason)" }
}

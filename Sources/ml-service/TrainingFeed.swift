import FoundationEssentials
import NIOCore
import ServiceHTTPClient
import ServiceKit

/// Reads what the model learns from out of the backend: the order history
/// (`GET /internal/order-history`, keyset pages) and each product's category (`GET /api/products`).
struct TrainingFeed: Sendable {
    let backend: ServiceHTTPClient
    /// Orders asked for per page (the backend allows up to 5,000).
    var orderPageSize = 5_000
    /// Products asked for per page (the backend allows up to 100).
    var productPageSize = 100

    /// Every order after `sequence`, oldest first, and the sequence of the last one (`sequence` when none).
    func orders(after sequence: Int) async throws -> (orders: [[Int]], lastSequence: Int) {
        var orders: [[Int]] = []
        var cursor = sequence
        while true {
            let page = try await get(OrderHistoryPage.self, "/internal/order-history?after=\(cursor)&limit=\(orderPageSize)")
            orders.append(contentsOf: page.orders.map(\.productIds))
            cursor = page.orders.last?.sequence ?? cursor
            guard page.nextAfter != nil, !page.orders.isEmpty else { return (orders, cursor) }
        }
    }

    /// Product id → category of the whole catalog.
    func categories() async throws -> [Int: String] {
        var categories: [Int: String] = [:]
        var offset = 0
        while true {
            let page = try await get(ProductPage.self, "/api/products?limit=\(productPageSize)&offset=\(offset)")
            for product in page.products { categories[product.id] = product.category }
            offset += page.products.count
            guard !page.products.isEmpty, offset < page.total else { return categories }
        }
    }

    private func get<Page: Decodable>(_ type: Page.Type, _ path: String) async throws -> Page {
        let response = try await backend.send(path: path)
        guard response.status == .ok else {
            throw TrainingFeedError(path: path, reason: "backend answered \(response.status.code)")
        }
        do {
            return try JSONBody.decoder.decode(Page.self, from: Data(response.body.readableBytesView))
        } catch {
            throw TrainingFeedError(path: path, reason: "unreadable response: \(error)")
        }
    }

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

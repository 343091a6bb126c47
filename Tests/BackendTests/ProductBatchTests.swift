import Foundation
import TestSupport
import Testing

/// `GET /api/products?ids=…`: several products in one request, as the storefront reads a product
/// page's recommendations.
@Suite("Backend batched product read")
struct ProductBatchTests {
    @Test("ids name products: ordered by id whatever the order asked, each as its own read shows it, repeats once, unknown ids left out")
    func productsByIDs() async throws {
        let backend = try await BackendUnderTest()
        let answer = try await backend.send(.GET, "/api/products?ids=40,3,17,3,999999,40").json()
        let products = try #require(answer["products"] as? [[String: Any]])
        #expect(products.compactMap { $0["id"] as? Int } == [3, 17, 40])
        #expect(answer["total"] as? Int == 3)
        for product in products {
            let id = try #require(product["id"] as? Int)
            let single = try await backend.send(.GET, "/api/products/\(id)").json()
            #expect(NSDictionary(dictionary: product).isEqual(to: single), "product \(id): \(product) != \(single)")
        }
        let none = try await backend.send(.GET, "/api/products?ids=999998,999999").json()
        #expect((none["products"] as? [Any])?.isEmpty == true)
        #expect(none["total"] as? Int == 0)
    }

    @Test("at most 50 ids, repeats included; limit and offset page the answer; other filters still apply")
    func limitsPagingAndFilters() async throws {
        let backend = try await BackendUnderTest()
        let fifty = (1...50).map(String.init).joined(separator: ",")
        let all = try await backend.send(.GET, "/api/products?ids=\(fifty)&limit=50").json()
        #expect((all["products"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == Array(1...50))
        #expect(all["total"] as? Int == 50)
        // The default limit (20) and an offset page the answer; total counts every product found.
        let firstPage = try await backend.send(.GET, "/api/products?ids=\(fifty)").json()
        #expect((firstPage["products"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == Array(1...20))
        #expect(firstPage["total"] as? Int == 50)
        let lastPage = try await backend.send(.GET, "/api/products?ids=\(fifty)&limit=20&offset=40").json()
        #expect((lastPage["products"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == Array(41...50))
        // 51 ids are refused, even when some repeat; 50 with repeats are fine.
        let tooMany = try await backend.send(.GET, "/api/products?ids=\(fifty),1")
        #expect(tooMany.status == .badRequest)
        #expect(tooMany.errorBody?.code == "invalid_parameter")
        #expect(tooMany.errorBody?.traceID.count == 32)
        let repeated = try await backend.send(.GET, "/api/products?ids=" + Array(repeating: "5", count: 50).joined(separator: ","))
        #expect(try repeated.json()["total"] as? Int == 1)

        // With a category or a search, only the ids that match them too (seed ids: 1 the chef's knife,
        // 4 a French press, both kitchen; 70 garden). Never the category page's cache entry.
        let kitchen = try await backend.send(.GET, "/api/products?category=kitchen&ids=70,4,1").json()
        #expect((kitchen["products"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [1, 4])
        #expect(kitchen["total"] as? Int == 2)
        let knives = try await backend.send(.GET, "/api/products?q=knife&ids=70,4,1").json()
        #expect((knives["products"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [1])
        let garden = try await backend.send(.GET, "/api/products?ids=70").json()["products"] as? [[String: Any]]
        #expect(garden?.first?["category"] as? String == "garden")
        #expect(try await backend.send(.GET, "/api/products?category=kitchen").json()["total"] as? Int == 9)
    }

    @Test("ids alone are read through each product's cache entry and show the stock after a checkout")
    func batchUsesTheProductCache() async throws {
        let backend = try await BackendUnderTest()
        let hits = #"cache_requests_total{cache_name="product",result="hit"}"#
        let misses = #"cache_requests_total{cache_name="product",result="miss"}"#
        let first = try await backend.send(.GET, "/api/products?ids=6,7,8").json()
        #expect(try await backend.metric(misses) == 3)
        _ = try await backend.send(.GET, "/api/products/6")
        _ = try await backend.send(.GET, "/api/products?ids=6,7,8")
        #expect(try await backend.metric(hits) == 4)
        #expect(try await backend.metric(misses) == 3)
        #expect(try await backend.redis.cli("EXISTS", "product:7") == "1")

        let stock = try #require((first["products"] as? [[String: Any]])?.first { $0["id"] as? Int == 7 }?["stock"] as? Int)
        let session = BackendUnderTest.newSession()
        #expect(try await backend.addToCart(session: session, productID: 7, quantity: 2).status == .created)
        #expect(try await backend.checkout(session: session, key: UUID().uuidString).status == .created)
        let after = try await backend.send(.GET, "/api/products?ids=6,7,8").json()
        #expect((after["products"] as? [[String: Any]])?.first { $0["id"] as? Int == 7 }?["stock"] as? Int == stock - 2)
    }
}

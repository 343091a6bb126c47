import Foundation
import NIOHTTP1
import TestSupport
import Testing

@Suite("Cart caps hold under concurrent changes to one cart")
struct CartConcurrencyTests {
    /// What one request saw of the cart: its status, error code, and every line's quantity in its answer.
    private struct Seen: Sendable {
        let status: UInt
        let code: String?
        let quantities: [Int: Int]
    }

    private static func seen(_ reply: HTTP.Reply) -> Seen {
        let items = (try? reply.json())?["items"] as? [[String: Any]] ?? []
        var quantities: [Int: Int] = [:]
        for item in items {
            if let id = item["product_id"] as? Int, let quantity = item["quantity"] as? Int { quantities[id] = quantity }
        }
        return Seen(status: reply.status.code, code: reply.errorBody?.code, quantities: quantities)
    }

    @Test("concurrent additions to one line never take it past 99 units, not even for a moment, and the one that fits is accepted")
    func concurrentAddsKeepTheLineCap() async throws {
        let backend = try await BackendUnderTest()
        // Each round: a line at 98 units, 16 additions of 4 units (none fits) and 4 of 1 unit (exactly one
        // fits) at once, while 4 readers read the cart. Before the cap was one Lua script, additions that did
        // not fit were written and taken back, and readers (and other answers) saw lines of 102 and more.
        for round in 0..<8 {
            let session = BackendUnderTest.newSession()
            #expect(try await backend.addToCart(session: session, productID: 7, quantity: 98).status == .created)
            let results = try await withThrowingTaskGroup(of: (kind: String, seen: [Seen]).self) { group in
                for index in 0..<20 {
                    let quantity = index % 5 == 0 ? 1 : 4
                    group.addTask {
                        ("add\(quantity)", [Self.seen(try await backend.addToCart(session: session, productID: 7, quantity: quantity))])
                    }
                }
                for _ in 0..<4 {
                    group.addTask {
                        var seen: [Seen] = []
                        for _ in 0..<5 { seen.append(Self.seen(try await backend.send(.GET, "/api/cart", session: session))) }
                        return ("read", seen)
                    }
                }
                var results: [(kind: String, seen: [Seen])] = []
                for try await result in group { results.append(result) }
                return results
            }
            let largest = results.flatMap(\.seen).compactMap { $0.quantities[7] }.max() ?? 0
            #expect(largest <= 99, "round \(round): a line of \(largest) units was visible")
            let ones = results.filter { $0.kind == "add1" }.flatMap(\.seen)
            let fours = results.filter { $0.kind == "add4" }.flatMap(\.seen)
            #expect(ones.filter { $0.status == 201 }.count == 1, "round \(round): \(ones.map(\.status))")
            #expect(ones.filter { $0.status == 409 }.allSatisfy { $0.code == "quantity_too_large" })
            #expect(fours.allSatisfy { $0.status == 409 && $0.code == "quantity_too_large" }, "round \(round): \(fours.map(\.status))")
            let final = Self.seen(try await backend.send(.GET, "/api/cart", session: session))
            #expect(final.quantities == [7: 99], "round \(round)")
            if largest > 99 || final.quantities != [7: 99] { break }
        }
    }

    @Test("concurrent additions of different products never give a cart more than 50 lines")
    func concurrentAddsKeepTheLineCount() async throws {
        let backend = try await BackendUnderTest()
        let session = BackendUnderTest.newSession()
        for productID in 1...45 {
            #expect(try await backend.addToCart(session: session, productID: productID, quantity: 1).status == .created)
        }
        let statuses = try await withThrowingTaskGroup(of: Seen.self) { group in
            for productID in 46...72 {
                group.addTask { Self.seen(try await backend.addToCart(session: session, productID: productID, quantity: 1)) }
            }
            var seen: [Seen] = []
            for try await result in group { seen.append(result) }
            return seen
        }
        #expect(statuses.filter { $0.status == 201 }.count == 5, "\(statuses.map(\.status))")
        #expect(statuses.filter { $0.status != 201 }.allSatisfy { $0.status == 409 && $0.code == "cart_full" })
        #expect(statuses.allSatisfy { $0.quantities.count <= 50 })
        #expect(Self.seen(try await backend.send(.GET, "/api/cart", session: session)).quantities.count == 50)
        #expect(Int(try await backend.redis.cli("HLEN", "cart:\(session)")) == 50)
    }
}

import Foundation
import TestSupport

/// A real ml-service process, and reading its answers.
struct MLServiceUnderTest {
    let process: ServiceProcess

    /// Starts the ml-service against `backendURL`, retraining every second and retrying after at most a second.
    init(backendURL: String) async throws {
        process = try await ServiceProcess("ml-service", environment: [
            "BACKEND_URL": backendURL, "ML_RETRAIN_INTERVAL": "1s", "ML_RETRY_MAX_INTERVAL": "1s",
        ])
    }

    /// One parsed `/recommendations` answer.
    struct Answer {
        let productIDs: [Int]
        let scores: [Double]
        let strategy: String
        let modelVersion: String
    }

    func recommendations(_ productIDs: [Int], limit: Int? = nil) async throws -> Answer {
        var query = productIDs.map { "product_id=\($0)" }.joined(separator: "&")
        if let limit { query += "&limit=\(limit)" }
        let reply = try await HTTP.get(process.baseURL + "/recommendations?" + query)
        guard reply.status == .ok, let body = try? reply.json(),
              let items = body["recommendations"] as? [[String: Any]], let strategy = body["strategy"] as? String,
              let version = body["model_version"] as? String else {
            throw Failure("unexpected answer \(reply.status): \(reply.text)")
        }
        return Answer(productIDs: items.compactMap { $0["product_id"] as? Int }, scores: items.compactMap { $0["score"] as? Double },
                      strategy: strategy, modelVersion: version)
    }

    /// The trace ids of the ml-service's "model trained" log records.
    func trainingTraceIDs() -> [String] {
        process.logRecords().compactMap { record in
            record?["message"] as? String == "model trained" ? record?["trace_id"] as? String : nil
        }
    }
}

extension BackendUnderTest {
    /// Places one order holding one unit of each of `productIDs` through the API.
    func placeOrder(_ productIDs: [Int]) async throws {
        let session = Self.newSession()
        for product in productIDs {
            let added = try await addToCart(session: session, productID: product, quantity: 1)
            guard added.status == .ok || added.status == .created else { throw Failure("add to cart: \(added.status) \(added.text)") }
        }
        let placed = try await checkout(session: session, key: UUID().uuidString)
        guard placed.status == .created else { throw Failure("checkout: \(placed.status) \(placed.text)") }
    }

    /// The category of a product, from the API.
    func category(of productID: Int) async throws -> String {
        let reply = try await send(.GET, "/api/products/\(productID)")
        guard let category = (try reply.json())["category"] as? String else { throw Failure("no category in \(reply.text)") }
        return category
    }
}

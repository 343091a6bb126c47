import Foundation
import TestSupport
import Testing

@Suite("ml-service: learning from the real backend's orders")
struct RecommendationTests {
    @Test("orders placed through the API become model recommendations, retraining picks up new orders, and the model outlives the backend")
    func learnsFromOrdersAndOutlivesTheBackend() async throws {
        let backend = try await BackendUnderTest()
        // Two pairs bought together across categories: the fallback would never pair them.
        for _ in 0..<3 { try await backend.placeOrder([1, 40]) }
        for _ in 0..<2 { try await backend.placeOrder([5, 60]) }
        #expect(try await backend.category(of: 1) != backend.category(of: 40))

        let ml = try await MLServiceUnderTest(backendURL: backend.baseURL)
        #expect(try await eventually { try await ml.recommendations([1]).strategy == "model" })
        let learned = try await ml.recommendations([1])
        #expect(learned.productIDs.first == 40)
        #expect(!learned.productIDs.contains(1))
        #expect(learned.productIDs.count == 5)  // filled up from the fallback
        #expect(try await ml.recommendations([1], limit: 2).productIDs.count == 2)
        #expect(try await ml.recommendations([1], limit: 20).productIDs.count == 20)
        #expect(learned.modelVersion.hasSuffix("-p72"))
        #expect(try await ml.recommendations([5, 60]).productIDs.allSatisfy { $0 != 5 && $0 != 60 })
        #expect(try await ml.recommendations([60]).productIDs.first == 5)
        #expect(try await ml.process.metric("shopmicro_model_orders") == 5)
        #expect(try await ml.process.metric("shopmicro_model_products_covered") == 4)
        #expect(try await ml.process.metric("shopmicro_recommendations_total{strategy=\"model\"}") >= 3)

        // The training's calls reach the backend inside the training's trace.
        let backendTraces = Set(backend.process.logRecords().compactMap { record -> String? in
            record?["http_route"] as? String == "/internal/order-history" ? record?["trace_id"] as? String : nil
        })
        let trainingTraces = ml.trainingTraceIDs()
        #expect(!trainingTraces.isEmpty && trainingTraces.allSatisfy { backendTraces.contains($0) },
                "training traces \(trainingTraces), backend traces \(backendTraces)")
        // It read the compact TSV form: the first page it got (all five orders) has that form's length.
        let firstPage = "/internal/order-history?after=0&limit=5000"
        let tsvBytes = try await backend.send(.GET, firstPage, headers: [("Accept", "text/tab-separated-values")]).body.count
        let jsonBytes = try await backend.send(.GET, firstPage).body.count
        let readBytes = backend.process.logRecords().compactMap { record -> Int? in
            guard record?["http_route"] as? String == "/internal/order-history",
                  let trace = record?["trace_id"] as? String, trainingTraces.contains(trace) else { return nil }
            return (record?["response_bytes"] as? NSNumber)?.intValue
        }
        #expect(tsvBytes != jsonBytes && readBytes.contains(tsvBytes) && !readBytes.contains(jsonBytes),
                "read \(readBytes) bytes; the TSV page has \(tsvBytes), the JSON one \(jsonBytes)")

        // New orders: the next training learns them and names a new model version.
        for _ in 0..<4 { try await backend.placeOrder([1, 13]) }
        // Wait for the training that has seen all nine orders (a fresh database numbers them 1…9).
        #expect(try await backend.count("orders") == 9)
        #expect(try await eventually { try await ml.recommendations([1]).modelVersion == "o9-p72" })
        let retrained = try await ml.recommendations([1])
        #expect(retrained.modelVersion != learned.modelVersion)
        #expect(retrained.productIDs.prefix(2) == [13, 40])

        // Backend gone: the service keeps answering from the model it has, and counts failed trainings.
        let failuresBefore = try await ml.process.metric("shopmicro_model_training_failures_total")
        #expect(try await backend.process.stop() == 0)
        #expect(try await eventually { try await ml.process.metric("shopmicro_model_training_failures_total") >= failuresBefore + 2 })
        let withoutBackend = try await ml.recommendations([1])
        #expect(withoutBackend.strategy == "model")
        #expect(withoutBackend.modelVersion == retrained.modelVersion)
        #expect(withoutBackend.productIDs == retrained.productIDs)
        #expect(try await ml.process.metric("shopmicro_model_age_seconds") >= 1)
    }

    @Test("started before the backend, the service answers from the empty fallback, then trains once the backend is up")
    func startsWithoutBackendAndRecovers() async throws {
        let backendPort = try FreePort.find()
        let ml = try await MLServiceUnderTest(backendURL: "http://127.0.0.1:\(backendPort)")
        let empty = try await ml.recommendations([1])
        #expect(empty.strategy == "fallback")
        #expect(empty.productIDs.isEmpty)
        #expect(empty.modelVersion == "none")
        let readiness = try await HTTP.get(ml.process.baseURL + "/readyz")
        #expect(readiness.status == .ok)
        #expect(try readiness.json()["status"] as? String == "degraded")
        #expect(try await eventually { try await ml.process.metric("shopmicro_model_training_failures_total") >= 2 })

        let backend = try await BackendUnderTest(port: backendPort)
        #expect(try await eventually { try await ml.recommendations([1]).modelVersion != "none" })
        // No orders yet: the best-sellers of product 1's category (all unsold, so by id), then the rest.
        let cold = try await ml.recommendations([1], limit: 3)
        #expect(cold.strategy == "fallback")
        #expect(cold.productIDs.count == 3 && !cold.productIDs.contains(1))
        let category = try await backend.category(of: 1)
        for product in cold.productIDs { #expect(try await backend.category(of: product) == category) }
        #expect(try await eventually { try await HTTP.get(ml.process.baseURL + "/readyz").json()["status"] as? String == "ready" })
        #expect(try await ml.process.metric("shopmicro_recommendations_total{strategy=\"fallback\"}") >= 2)
    }

    @Test("bad input gets a 400 with the JSON error body and a trace id", arguments: [
        "", "product_id=", "product_id=abc", "product_id=0", "product_id=-3", "product_id=1.5",
        "product_id=1&limit=0", "product_id=1&limit=abc", "product_id=1&limit=21", "product_id=1&limit=-1",
        (1...51).map { "product_id=\($0)" }.joined(separator: "&"),
    ])
    func badInput(query: String) async throws {
        let ml = try await Self.sharedServiceWithoutBackend()
        let reply = try await HTTP.get(ml.process.baseURL + "/recommendations?" + query)
        #expect(reply.status == .badRequest, "\(query): \(reply.text)")
        let error = try #require(reply.errorBody, "\(query): \(reply.text)")
        #expect(error.code == "invalid_parameter")
        #expect(error.traceID.count == 32)
    }

    @Test("an unknown product gets a 200 fallback answer")
    func unknownProductFallsBack() async throws {
        let ml = try await Self.sharedServiceWithoutBackend()
        let reply = try await HTTP.get(ml.process.baseURL + "/recommendations?product_id=999999999&limit=20")
        #expect(reply.status == .ok)
        #expect(try reply.json()["strategy"] as? String == "fallback")
    }

    /// One ml-service whose backend never answers, shared by the input tests.
    static func sharedServiceWithoutBackend() async throws -> MLServiceUnderTest {
        try await SharedService.instance.get()
    }

    actor SharedService {
        static let instance = SharedService()
        private var service: MLServiceUnderTest?

        func get() async throws -> MLServiceUnderTest {
            if let service { return service }
            let started = try await MLServiceUnderTest(backendURL: "http://127.0.0.1:\(try FreePort.find())")
            service = started
            let pid = started.process.pid
            TestCleanup.atExit { kill(pid, SIGKILL) }
            return started
        }
    }
}

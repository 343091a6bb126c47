import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import Telemetry

@Suite("Telemetry middleware")
struct TelemetryMiddlewareTests {
    @Test("requests are recorded under their route template; unmatched paths share one value")
    func routeTemplatesBoundLabels() async throws {
        let registry = MetricsRegistry(prometheus: .init())
        let router = Router()
        router.add(middleware: TelemetryMiddleware(metrics: HTTPServerMetrics(registry: registry),
                                                   accessLogger: Logger(label: "access", factory: { _ in SwiftLogNoOpLogHandler() })))
        router.get("/items/:id") { _, _ in "ok" }
        try await Application(router: router).test(.router) { client in
            for id in 1...3 {
                try await client.execute(uri: "/items/\(id)", method: .get) { #expect($0.status == .ok) }
            }
            for path in ["/nope/1", "/nope/2", "/items"] {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .notFound) }
            }
            try await client.execute(uri: "/items/1", method: .init("BREW")!) { #expect($0.status == .notFound) }
        }
        let text = String(decoding: MetricsExposition(registry: registry).renderText(), as: UTF8.self)
        #expect(text.contains(#"http_server_request_duration_seconds_count{http_request_method="GET",http_route="/items/{id}",http_response_status_code="200"} 3"#))
        #expect(text.contains(#"http_server_request_duration_seconds_count{http_request_method="GET",http_route="unmatched",http_response_status_code="404"} 3"#))
        #expect(text.contains(#"http_server_request_duration_seconds_count{http_request_method="_OTHER",http_route="unmatched",http_response_status_code="404"} 1"#))
        #expect(text.contains(#"http_server_active_requests{http_request_method="GET"} 0"#))
        #expect(!text.contains("/nope"))
    }
}

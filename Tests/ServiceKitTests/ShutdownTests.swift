import TestSupport
import Foundation
import Testing

@Suite("Graceful shutdown")
struct ShutdownTests {
    @Test("SIGTERM lets in-flight requests finish, then the process exits 0")
    func sigtermDrainsInFlightRequests() async throws {
        let service = try await ServiceProcess("kit-fixture")
        async let slow = HTTP.get("\(service.baseURL)/slow?ms=3000")
        // SIGTERM only once the slow request is being handled (a fixed pause was too short on a
        // busy machine): the scrape itself is one active GET, the slow request the other.
        let inFlight = try await eventually(timeout: .seconds(10)) {
            try await service.metric(#"http_server_active_requests{http_request_method="GET"}"#) >= 2
        }
        #expect(inFlight, "the slow request never arrived")
        let status = try await service.stop(signal: SIGTERM)
        let reply = try await slow
        #expect(reply.status == .ok)
        #expect(reply.text == "done after 3000 ms")
        #expect(status == 0)
    }

    @Test("SIGINT stops an idle service with exit status 0", arguments: ["backend", "ml-service", "frontend"])
    func sigintStopsIdleService(executable: String) async throws {
        let service = try await ServiceProcess(executable)
        #expect(try await service.stop(signal: SIGINT) == 0)
    }
}

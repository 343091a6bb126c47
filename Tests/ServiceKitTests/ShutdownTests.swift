import TestSupport
import Foundation
import Testing

@Suite("Graceful shutdown")
struct ShutdownTests {
    @Test("SIGTERM lets in-flight requests finish, then the process exits 0")
    func sigtermDrainsInFlightRequests() async throws {
        let service = try await ServiceProcess("kit-fixture")
        async let slow = HTTP.get("\(service.baseURL)/slow?ms=1500")
        try await Task.sleep(for: .milliseconds(400))
        let status = try await service.stop(signal: SIGTERM)
        let reply = try await slow
        #expect(reply.status == .ok)
        #expect(reply.text == "done after 1500 ms")
        #expect(status == 0)
    }

    @Test("SIGINT stops an idle service with exit status 0", arguments: ["backend", "ml-service", "frontend"])
    func sigintStopsIdleService(executable: String) async throws {
        let service = try await ServiceProcess(executable)
        #expect(try await service.stop(signal: SIGINT) == 0)
    }
}

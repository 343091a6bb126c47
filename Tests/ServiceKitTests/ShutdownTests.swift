import TestSupport
import Foundation
import Testing

@Suite("Graceful shutdown")
struct ShutdownTests {
    @Test("SIGTERM lets in-flight requests finish, then the process exits 0")
    func sigtermDrainsInFlightRequests() async throws {
        let service = try await ServiceProcess("kit-fixture")
        async let slow = HTTP.get("\(service.baseURL)/slow?ms=5000")
        // SIGTERM only once the slow request is being handled (a fixed pause was too short on a
        // busy machine): the fixture logs when it starts one.
        let inFlight = try await eventually(timeout: .seconds(30)) {
            service.stdout().contains("slow request started")
        }
        #expect(inFlight, "the slow request never arrived")
        // Its access-log line is written when it completes: not yet, so SIGTERM meets it in flight.
        #expect(!service.stdout().contains(#""url_path":"/slow""#), "the slow request finished before SIGTERM")
        let status = try await service.stop(signal: SIGTERM)
        let reply = try await slow
        #expect(reply.status == .ok)
        #expect(reply.text == "done after 5000 ms")
        #expect(status == 0)
    }

    @Test("SIGINT stops an idle service with exit status 0", arguments: ["backend", "ml-service", "frontend"])
    func sigintStopsIdleService(executable: String) async throws {
        let service = try await ServiceProcess(executable)
        #expect(try await service.stop(signal: SIGINT) == 0)
    }
}

import TestSupport
import Foundation
import Testing

@Suite("Graceful shutdown")
struct ShutdownTests {
    @Test("SIGTERM lets in-flight requests finish, then the process exits 0")
    func sigtermDrainsInFlightRequests() async throws {
        let service = try await ServiceProcess("kit-fixture")
        // 20 s: long enough that a starved test process (CI once took 21 s to send the request
        // and then more than 5 s to notice it had started) still meets it in flight.
        async let slow = HTTP.get("\(service.baseURL)/slow?ms=20000")
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
        #expect(reply.text == "done after 20000 ms")
        #expect(status == 0)
    }

    @Test("SIGINT stops an idle service with exit status 0", arguments: ["backend", "ml-service", "frontend"])
    func sigintStopsIdleService(executable: String) async throws {
        let service = try await ServiceProcess(executable)
        #expect(try await service.stop(signal: SIGINT) == 0)
    }
}

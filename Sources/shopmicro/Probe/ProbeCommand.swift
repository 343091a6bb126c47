import ArgumentParser
import AsyncHTTPClient
import Foundation

/// `shopmicro probe URL`: exits 0 when URL answers 2xx within the timeout, 1 otherwise, with one
/// line saying why. The containers' healthcheck (the runtime image has no curl or wget).
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Exit 0 when an HTTP endpoint answers 2xx (a container healthcheck).")

    @Argument(help: "The URL to GET, e.g. http://127.0.0.1:8080/readyz.")
    var url: String

    @Option(help: "Seconds to wait for the whole answer.")
    var timeout: Int = 2

    func validate() throws {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw ValidationError("the URL must be http:// or https://") }
        guard (1...60).contains(timeout) else { throw ValidationError("--timeout must be 1 to 60 seconds") }
    }

    func run() async throws {
        let status: UInt
        do {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(Int64(timeout)))
            status = response.status.code
        } catch {
            print("probe: \(url) did not answer: \(error)")
            throw ExitCode.failure
        }
        guard (200..<300).contains(status) else {
            print("probe: \(url) answered \(status)")
            throw ExitCode.failure
        }
    }
}

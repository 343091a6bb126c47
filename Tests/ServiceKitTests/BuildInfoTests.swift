import Foundation
import ServiceKit
import Telemetry
import TestSupport
import Testing

/// `shopmicro_build_info{version,revision}` from the deployment's `SHOPMICRO_VERSION` and
/// `SHOPMICRO_REVISION` (Dockerfile build arguments, Ansible, `shopmicro up`).
@Suite("Build info from the environment")
struct BuildInfoTests {
    @Test("a service started with SHOPMICRO_VERSION and SHOPMICRO_REVISION reports them in shopmicro_build_info")
    func reportsVersionAndRevision() async throws {
        let revision = "3f6c1e0a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e"
        let service = try await ServiceProcess("frontend", environment: ["SHOPMICRO_VERSION": "1.4.2-rc.1+build.7", "SHOPMICRO_REVISION": revision])
        let scrape = try await HTTP.get("\(service.baseURL)/metrics")
        #expect(Self.buildInfoSeries(scrape.text) == ["shopmicro_build_info{version=\"1.4.2-rc.1+build.7\",revision=\"\(revision)\"}"])
        #expect(try await service.stop() == 0)
    }

    @Test("unset or empty: the compiled version and revision `unknown`, as in the image built without build arguments")
    func defaults() async throws {
        for environment in [[:], ["SHOPMICRO_VERSION": "", "SHOPMICRO_REVISION": ""]] {
            let configuration = try ServiceConfiguration(serviceName: "frontend", defaultPort: 3000, environment: environment)
            #expect(configuration.telemetry.buildInfo == BuildInfo(version: BuildInfo.currentVersion, revision: "unknown"))
        }
        let service = try await ServiceProcess("ml-service", environment: ["SHOPMICRO_REVISION": ""])
        let scrape = try await HTTP.get("\(service.baseURL)/metrics")
        #expect(Self.buildInfoSeries(scrape.text) == ["shopmicro_build_info{version=\"\(BuildInfo.currentVersion)\",revision=\"unknown\"}"])
    }

    @Test("an empty OTEL_EXPORTER_OTLP_ENDPOINT (compose's `${OTEL_EXPORTER_OTLP_ENDPOINT:-}`) exports nothing, as when it is unset")
    func emptyEndpointIsUnset() throws {
        let configuration = try ServiceConfiguration(serviceName: "backend", defaultPort: 8080, environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": ""])
        #expect(configuration.otlpEndpoint == nil)
        #expect(configuration.telemetry.otlpEndpoint == nil)
    }

    @Test("a value that cannot be a label stops the service with exit 2 and one line naming the variable", arguments: [
        ("SHOPMICRO_REVISION", "abc\ndef"), ("SHOPMICRO_REVISION", String(repeating: "a", count: 65)),
        ("SHOPMICRO_VERSION", "1.0 beta"), ("SHOPMICRO_VERSION", "1.0\"}"), ("SHOPMICRO_REVISION", "caf\u{e9}"),
    ])
    func badLabelStopsService(variable: String, value: String) async throws {
        let service = try await ServiceProcess("frontend", environment: [variable: value], waitUntilHealthy: false)
        let status = try await service.waitForExit()
        #expect(status == 2)
        let lines = service.stderr().split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(service.stderr())")
        #expect(lines.first?.contains("invalid configuration: \(variable) =") == true, "stderr: \(service.stderr())")
        #expect(lines.first?.contains("64") == true, "says what is allowed: \(service.stderr())")
    }

    /// The build-info series of an exposition, each with the value 1 (`1` or `1.0`), without it.
    static func buildInfoSeries(_ exposition: String) -> [String] {
        exposition.split(separator: "\n").filter { $0.hasPrefix("shopmicro_build_info{") }.map { line in
            let value = line.split(separator: " ").last.flatMap { Double($0) }
            return value == 1 ? String(line.split(separator: " ").dropLast().joined(separator: " ")) : String(line)
        }
    }

    @Test("64 characters of letters, digits and . _ + - are accepted; 65, spaces, quotes and control characters are not")
    func labelRule() {
        for good in ["0.1.0", "v1.2-3-gabcdef0-dirty", "1.0.0+build_7", String(repeating: "f", count: 64)] {
            #expect(BuildInfo.problem(with: good) == nil, "\(good)")
        }
        for bad in ["", String(repeating: "f", count: 65), "a b", "a\"b", "a\\b", "a\tb", "a\u{0}b", "naïve", "x{y}"] {
            #expect(BuildInfo.problem(with: bad) != nil, "\(bad.debugDescription)")
        }
    }
}

import TestSupport
import ServiceKit
import Testing

@Suite("Configuration from the environment")
struct ConfigurationTests {
    @Test("a bad value stops the service with one line naming the variable", arguments: [
        ("PORT", "abc"), ("PORT", "70000"), ("LOG_OUTPUT", "foo"), ("LOG_LEVEL", "loud"),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4318"), ("SHUTDOWN_GRACE_SECONDS", "-1"),
        ("METRICS_PORT", "0"),
    ])
    func badValueStopsService(variable: String, value: String) async throws {
        let service = try await ServiceProcess("backend", environment: [variable: value], waitUntilHealthy: false)
        let status = try await service.waitForExit()
        #expect(status == 2)
        let lines = service.stderr().split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(service.stderr())")
        #expect(lines.first?.contains(variable) == true)
        #expect(lines.first?.contains(value) == true)
    }

    @Test("defaults and overrides are read once into the configuration")
    func readsValues() throws {
        let defaults = try ServiceConfiguration(serviceName: "backend", defaultPort: 8080, environment: [:])
        #expect(defaults.port == 8080)
        #expect(defaults.logLevel == .info)
        #expect(defaults.otlpEndpoint == nil)

        let custom = try ServiceConfiguration(serviceName: "backend", defaultPort: 8080, environment: [
            "PORT": "9999", "LOG_LEVEL": "DEBUG", "LOG_OUTPUT": "journald",
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318/", "SHOPMICRO_REVISION": "abc123",
        ])
        #expect(custom.port == 9999)
        #expect(custom.logLevel == .debug)
        #expect(custom.logOutput == .journald)
        #expect(custom.otlpEndpoint == "http://collector:4318")
        #expect(custom.revision == "abc123")
        #expect(defaults.metricsPort == nil)
        #expect(throws: ConfigurationError.self, "METRICS_PORT must differ from PORT") {
            try ServiceConfiguration(serviceName: "backend", defaultPort: 8080, environment: ["PORT": "9999", "METRICS_PORT": "9999"])
        }
        #expect(try ServiceConfiguration(serviceName: "backend", defaultPort: 8080, environment: ["METRICS_PORT": "9464"]).metricsPort == 9464)
    }

    @Test("durations are read as seconds or with an s, m or h unit, and refused outside their range")
    func readsDurations() throws {
        let reader = EnvironmentReader(["A": "300", "B": "90s", "C": "5m", "D": "1h", "E": "5x", "F": "0", "G": "-5s",
                                        "H": "99999999999999999h"])
        #expect(try reader.duration("A", default: .seconds(1), in: 1...3600) == .seconds(300))
        #expect(try reader.duration("B", default: .seconds(1), in: 1...3600) == .seconds(90))
        #expect(try reader.duration("C", default: .seconds(1), in: 1...3600) == .seconds(300))
        #expect(try reader.duration("D", default: .seconds(1), in: 1...3600) == .seconds(3600))
        #expect(try reader.duration("UNSET", default: .seconds(7), in: 1...3600) == .seconds(7))
        for bad in ["E", "F", "G", "H"] {
            #expect(throws: ConfigurationError.self) { try reader.duration(bad, default: .seconds(1), in: 1...3600) }
        }
    }

    @Test("LOG_OUTPUT=auto picks stdout when JOURNAL_STREAM does not name stderr")
    func autoOutputWithoutJournal() throws {
        let configuration = try ServiceConfiguration(serviceName: "x", defaultPort: 1, environment: ["JOURNAL_STREAM": "1:2"])
        #expect(configuration.logOutput == .stdout)
    }
}

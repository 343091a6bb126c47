import Foundation
import TestSupport
import Testing

/// docker-compose.yml's monitoring (Prometheus → Alertmanager → alert-log, the exporters, the
/// Pushgateway and the backup, Prometheus's retention and exemplar storage, the OTLP endpoint and
/// build info handed to the services, the storefront's Redis for its page cache) through Tests/tools/compose_check.py, which runs Debian's
/// docker-compose parser, Prometheus, promtool and amtool: the repository passes, and each planted
/// fault is found.
@Suite("docker-compose monitoring")
struct ComposeMonitoringTests {
    static let checker = Repository.root.appendingPathComponent("Tests/tools/compose_check.py").path

    /// A copy of what docker-compose.yml mounts and builds, with `change` applied to one file.
    static func copy(changing file: String? = nil, _ change: (String) -> String = { $0 }) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shopmicro-compose-\(UUID().uuidString.prefix(8))")
        TestCleanup.atExit { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for item in ["docker-compose.yml", "Dockerfile", "prometheus", "alertmanager", "alerts", "ops", "dashboards"] {
            try FileManager.default.copyItem(at: Repository.root.appendingPathComponent(item), to: folder.appendingPathComponent(item))
        }
        if let file {
            let url = folder.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            let changed = change(text)
            #expect(changed != text, "the change to \(file) found nothing to change")
            try changed.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test("the compose file's Prometheus, Alertmanager, exporters, Pushgateway, backup, trace export and build info pass; a missing alerting target, an unknown receiver host, a password in arguments, a Pushgateway job without honor_labels, a backup run at every `up`, the default retention, no exemplar storage, a retention Prometheus refuses, the OTLP endpoint not passed on or not silenced by an empty value, a monitoring port published on every interface, a container without a healthcheck, a Swift image other than the Dockerfile's, the revision not set by the image, and the storefront without Redis (page cache off), without its password, not waiting for it or given PostgreSQL's settings are each found")
    func plantedFaults() async throws {
        let clean = try await Tool.run("/usr/bin/python3", [Self.checker, try Self.copy().path])
        #expect(clean.status == 0, "\(clean.output)")

        let faults: [(file: String, change: (String) -> String, expected: String)] = [
            ("prometheus/prometheus.docker.yml", { $0.replacingOccurrences(of: "alertmanager:9093\"] }]\nscrape_configs", with: "alertmanager:9999\"] }]\nscrape_configs") },
             "not the compose Alertmanager"),
            ("alertmanager/alertmanager.yml", { $0.replacingOccurrences(of: "http://alert-log:9095/ticket", with: "http://alert-logger:9095/ticket") },
             "receiver ticket calls http://alert-logger:9095/ticket, which is no compose service"),
            ("docker-compose.yml", { $0.replacingOccurrences(of: "    image: ${REDIS_EXPORTER_IMAGE:-oliver006/redis_exporter:v1.62.0-alpine}\n",
                                                            with: "    image: ${REDIS_EXPORTER_IMAGE:-oliver006/redis_exporter:v1.62.0-alpine}\n    command: [\"--redis.password=secret\"]\n") },
             "redis-exporter has a password in its command line"),
            ("prometheus/prometheus.docker.yml", { $0.replacingOccurrences(of: "    honor_labels: true\n", with: "") }, "job pushgateway: honor_labels False"),
            ("docker-compose.yml", { $0.replacingOccurrences(of: "    profiles: [backup]\n", with: "") }, "the backup would run at every `up`"),
            ("docker-compose.yml", { $0.replacingOccurrences(of: "      - --storage.tsdb.retention.time=35d\n", with: "") },
             "Prometheus keeps 15d (no --storage.tsdb.retention.time)"),
            ("docker-compose.yml", { $0.replacingOccurrences(of: "--enable-feature=exemplar-storage", with: "--enable-feature=exemplars") },
             "Prometheus runs without exemplar storage"),
            ("docker-compose.yml", { $0.replacingOccurrences(of: "--storage.tsdb.retention.time=35d", with: "--storage.tsdb.retention.time=35") },
             "Prometheus refuses its command"),
            ("docker-compose.yml", { $0.replacingOccurrences(of: "    OTEL_EXPORTER_OTLP_ENDPOINT: ${OTEL_EXPORTER_OTLP_ENDPOINT-http://jaeger:4318}\n", with: "") },
             "frontend does not get OTEL_EXPORTER_OTLP_ENDPOINT from the environment"),
            ("docker-compose.yml", { $0.replacingOccurrences(of: "${OTEL_EXPORTER_OTLP_ENDPOINT-http://jaeger:4318}", with: "${OTEL_EXPORTER_OTLP_ENDPOINT:-http://jaeger:4318}") },
             "frontend still exports spans when OTEL_EXPORTER_OTLP_ENDPOINT is set to empty"),
            ("docker-compose.yml", { $0.replacingOccurrences(of: "\"127.0.0.1:${PROMETHEUS_PORT:-9090}:9090\"", with: "\"${PROMETHEUS_PORT:-9090}:9090\"") },
             "prometheus publishes 9090 on every interface, not 127.0.0.1 only"),
            ("docker-compose.yml", { $0.replacingOccurrences(of: "    healthcheck:\n      <<: *healthcheck\n      test: [\"CMD\", \"shopmicro\", \"probe\", \"http://127.0.0.1:9095/healthz\"]\n", with: "") },
             "alert-log has no healthcheck"),
            ("docker-compose.yml", { $0.replacingOccurrences(of: "SWIFT_IMAGE: ${SWIFT_IMAGE:-swift:6.3-bookworm}", with: "SWIFT_IMAGE: ${SWIFT_IMAGE:-swift:6.1-bookworm}") },
             "compose builds with SWIFT_IMAGE='${SWIFT_IMAGE:-swift:6.1-bookworm}', the Dockerfile's default is swift:6.3-bookworm"),
            ("Dockerfile", { $0.replacingOccurrences(of: #" SHOPMICRO_REVISION="${REVISION}""#, with: "") },
             "the runtime stage does not set SHOPMICRO_REVISION from the build argument REVISION"),
            ("docker-compose.yml", { $0.replacingOccurrences(of: "      REDIS_URL: redis://:${REDIS_PASSWORD:-local-example-only}@redis:6379/0\n    ports:\n", with: "    ports:\n") },
             "frontend does not use the compose Redis (REDIS_URL unset): the storefront's page cache stays off"),
            ("docker-compose.yml", { $0.replacingOccurrences(of: "      REDIS_URL: redis://:${REDIS_PASSWORD:-local-example-only}@redis:6379/0\n    ports:\n",
                                                            with: "      REDIS_URL: redis://redis:6379/0\n    ports:\n") },
             "frontend does not give Redis the password the server requires"),
            ("docker-compose.yml", { $0.replacingOccurrences(of: "      ml-service: { condition: service_started }\n      redis: { condition: service_healthy }\n",
                                                            with: "      ml-service: { condition: service_started }\n") },
             "frontend does not wait for a healthy Redis (depends_on)"),
            ("docker-compose.yml", { $0.replacingOccurrences(of: "@redis:6379/0\n    ports:\n",
                                                            with: "@redis:6379/0\n      DATABASE_URL: postgresql://shopmicro@postgres:5432/shopmicro\n    ports:\n") },
             "the frontend gets a PostgreSQL connection or password it does not need"),
        ]
        for fault in faults {
            let checked = try await Tool.run("/usr/bin/python3", [Self.checker, try Self.copy(changing: fault.file, fault.change).path])
            #expect(checked.status != 0 && checked.output.contains(fault.expected), "expected \(fault.expected): \(checked.output)")
        }
    }
}

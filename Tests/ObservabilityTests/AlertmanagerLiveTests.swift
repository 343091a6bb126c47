import Foundation
import TestSupport
import Testing

/// A real Alertmanager running the repository's configuration, its webhooks pointed at a recorder.
final class LiveAlertmanager: Sendable {
    let recorder: WebhookRecorder
    let daemon: MonitoringDaemon

    /// The repository's alertmanager.yml with `http://alert-log:9095` replaced by the recorder and,
    /// so the test does not wait minutes, only the timing values shortened: every group_wait to 1s
    /// and group_interval to 2s (routes, grouping, receivers and inhibitions are untouched).
    static func configuration(receiver: String) throws -> String {
        let text = try String(contentsOf: AlertmanagerConfigTests.configuration, encoding: .utf8)
        #expect(text.contains("http://alert-log:9095/page"))
        var lines: [String] = []
        for line in text.replacingOccurrences(of: "http://alert-log:9095", with: receiver).split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = String(line.prefix { $0 == " " })
            let key = line.trimmingCharacters(in: .whitespaces).split(separator: ":").first.map(String.init) ?? ""
            switch key {
            case "group_wait": lines.append(indent + "group_wait: 1s")
            case "group_interval": lines.append(indent + "group_interval: 2s")
            default: lines.append(String(line))
            }
        }
        return lines.joined(separator: "\n")
    }

    init() async throws {
        recorder = try await WebhookRecorder()
        daemon = try await MonitoringDaemon.alertmanager(configuration: try Self.configuration(receiver: recorder.baseURL))
    }

    /// POSTs firing alerts (labels only, plus a summary) to /api/v2/alerts, as Prometheus does.
    func post(_ alerts: [[String: String]]) async throws {
        let body = try JSONSerialization.data(withJSONObject: alerts.map { labels in
            ["labels": labels, "annotations": ["summary": "test alert \(labels["alertname"] ?? "")"]]
        })
        let reply = try await HTTP.send(.POST, daemon.baseURL + "/api/v2/alerts", headers: [("Content-Type", "application/json")],
                                        body: Array(body))
        #expect(reply.status == .ok, "\(reply.text)")
    }

    /// Alertmanager's view: every alert with its labels, fingerprint, state and the fingerprints inhibiting it.
    func alerts() async throws -> [(labels: [String: String], fingerprint: String, state: String, inhibitedBy: [String])] {
        let reply = try await HTTP.get(daemon.baseURL + "/api/v2/alerts")
        let list = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [[String: Any]] ?? []
        return list.map { alert in
            let status = alert["status"] as? [String: Any] ?? [:]
            return (alert["labels"] as? [String: String] ?? [:], alert["fingerprint"] as? String ?? "",
                    status["state"] as? String ?? "", status["inhibitedBy"] as? [String] ?? [])
        }
    }

    /// Each alert the recorder received: the URL path it came to, the receiver named in the body, its labels.
    func notified() -> [(path: String, receiver: String, labels: [String: String])] {
        recorder.requests().flatMap { request in
            (request.body["alerts"] as? [[String: Any]] ?? []).map { alert in
                (request.path, request.body["receiver"] as? String ?? "", alert["labels"] as? [String: String] ?? [:])
            }
        }
    }

    /// The receivers that got a notification for an alert with all of `labels`.
    func receivers(of labels: [String: String]) -> Set<String> {
        Set(notified().filter { note in labels.allSatisfy { note.labels[$0.key] == $0.value } }.map { "\($0.path) \($0.receiver)" })
    }
}

@Suite("A live Alertmanager with the repository's configuration routes and inhibits real notifications")
struct AlertmanagerLiveTests {
    typealias Labels = [String: String]

    /// Waits for every `delivered` alert to reach its receiver, then long enough for any other
    /// notification (group_wait 1s, group_interval 2s), and checks who got what.
    static func expect(_ alertmanager: LiveAlertmanager, delivered: [(Labels, String)], inhibited: [Labels], by source: Labels) async throws {
        let arrived = try await eventually(timeout: .seconds(30)) {
            delivered.allSatisfy { labels, receiver in alertmanager.receivers(of: labels).contains("/\(receiver) \(receiver)") }
        }
        #expect(arrived, "expected deliveries missing; got \(alertmanager.notified())")
        try await Task.sleep(for: .seconds(5))
        for (labels, receiver) in delivered {
            #expect(alertmanager.receivers(of: labels) == ["/\(receiver) \(receiver)"], "\(labels): \(alertmanager.receivers(of: labels))")
        }
        for labels in inhibited {
            #expect(alertmanager.receivers(of: labels).isEmpty, "inhibited \(labels) was delivered")
        }

        let current = try await alertmanager.alerts()
        func find(_ labels: Labels) -> (labels: Labels, fingerprint: String, state: String, inhibitedBy: [String])? {
            current.first { alert in labels.allSatisfy { alert.labels[$0.key] == $0.value } }
        }
        let sourceFingerprint = try #require(find(source)?.fingerprint, "\(current)")
        for labels in inhibited {
            let alert = try #require(find(labels), "\(labels) not in \(current)")
            #expect(alert.state == "suppressed", "\(labels): \(alert)")
            #expect(alert.inhibitedBy == [sourceFingerprint], "\(labels): \(alert)")
        }
        for (labels, _) in delivered {
            let alert = try #require(find(labels), "\(labels) not in \(current)")
            #expect(alert.state == "active" && alert.inhibitedBy.isEmpty, "\(labels): \(alert)")
        }
    }

    @Test("pages reach `page`, tickets `ticket`, the watchdog `watchdog`; a backend target down holds back the backend's no-data, error-ratio and availability-burn alerts, not other services' or latency ones")
    func routesAndTargetDownInhibition() async throws {
        let alertmanager = try await LiveAlertmanager()
        let targetDown: Labels = ["alertname": "ShopMicroTargetDown", "severity": "page", "job": "backend", "instance": "backend:8080"]
        let inhibited: [Labels] = [
            ["alertname": "BackendApiAvailabilitySLIAbsent", "severity": "ticket", "job": "backend", "service": "backend", "slo": "backend-api-availability"],
            ["alertname": "ShopMicroHighErrorRatio", "severity": "page", "job": "backend"],
            ["alertname": "CheckoutAvailabilityErrorBudgetBurnFast", "severity": "page", "job": "backend", "service": "backend", "slo": "checkout-availability"],
        ]
        let delivered: [(Labels, String)] = [
            (targetDown, "page"),
            (["alertname": "ShopMicroHighErrorRatio", "severity": "page", "job": "ml-service"], "page"),
            (["alertname": "RecommendationsAvailabilitySLIAbsent", "severity": "ticket", "job": "ml-service", "service": "ml-service", "slo": "recommendations-availability"], "ticket"),
            (["alertname": "CheckoutLatencyErrorBudgetBurnFast", "severity": "page", "job": "backend", "service": "backend", "slo": "checkout-latency"], "page"),
            (["alertname": "ShopMicroRedisUnavailable", "severity": "ticket", "job": "redis", "instance": "redis-exporter:9121"], "ticket"),
            (["alertname": "ShopMicroWatchdog", "severity": "none"], "watchdog"),
        ]
        try await alertmanager.post([targetDown] + inhibited + delivered.map(\.0).filter { $0 != targetDown })
        try await Self.expect(alertmanager, delivered: delivered, inhibited: inhibited, by: targetDown)
    }

    @Test("PostgreSQL unreachable (from the backend or from its exporter) holds back the backend's and storefront's error-ratio and availability-burn pages, not the ml-service's or a latency burn", arguments: [
        ["alertname": "ShopMicroPostgresUnreachable", "severity": "page", "job": "backend", "instance": "backend:8080", "dependency": "postgres"],
        ["alertname": "ShopMicroPostgresDown", "severity": "page", "job": "postgres", "instance": "postgres-exporter:9187"],
    ])
    func postgresInhibition(source: [String: String]) async throws {
        let alertmanager = try await LiveAlertmanager()
        let inhibited: [Labels] = [
            ["alertname": "ShopMicroHighErrorRatio", "severity": "page", "job": "backend"],
            ["alertname": "ShopMicroHighErrorRatio", "severity": "page", "job": "frontend"],
            ["alertname": "StorefrontAvailabilityErrorBudgetBurnFast", "severity": "page", "job": "frontend", "service": "frontend", "slo": "storefront-availability"],
        ]
        let delivered: [(Labels, String)] = [
            (source, "page"),
            (["alertname": "ShopMicroHighErrorRatio", "severity": "page", "job": "ml-service"], "page"),
            (["alertname": "StorefrontLatencyErrorBudgetBurnFast", "severity": "page", "job": "frontend", "service": "frontend", "slo": "storefront-latency"], "page"),
        ]
        try await alertmanager.post([source] + inhibited + delivered.dropFirst().map(\.0))
        try await Self.expect(alertmanager, delivered: delivered, inhibited: inhibited, by: source)
    }
}

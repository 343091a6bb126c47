import ArgumentParser
import Foundation
import Logging
import Prometheus
import ServiceKit
import Telemetry

/// `shopmicro alert-log`: a webhook receiver for Alertmanager that writes every alert of every
/// notification as one structured log line (stdout or journald, like the services), with its
/// receiver, status, labels, summary and runbook link. The receiver `shopmicro up` and
/// docker-compose route alerts to; in production, swap it for a pager (README: Alertmanager).
struct AlertLogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert-log",
        abstract: "Receive Alertmanager webhooks on POST /<receiver> and log each alert as a JSON line.",
        discussion: """
            Configured like the services: PORT (default 9095), HOST, LOG_OUTPUT, LOG_LEVEL, METRICS_PORT. \
            Serves /healthz, /readyz and /metrics; counts notifications in \
            shopmicro_alert_notifications_total{receiver,status}.
            """)

    @Option(help: "Receiver names accepted as paths (comma-separated).")
    var receivers = AlertWebhookRoute.defaultReceivers.sorted().joined(separator: ",")

    func run() async throws {
        let names = Set(receivers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        guard !names.isEmpty else { throw ValidationError("--receivers needs at least one name") }
        let service = ShopService.start(name: "alert-log", defaultPort: 9095)
        let logger = service.logger
        var counters: [String: Prometheus.Counter] = [:]
        for receiver in names {
            for status in ["firing", "resolved"] {
                counters["\(receiver) \(status)"] = MetricsRegistry.shared.counter(
                    "shopmicro_alert_notifications_total", help: "Alertmanager notifications received, by receiver and status.",
                    labels: [("receiver", receiver), ("status", status)])
            }
        }
        AlertWebhookRoute.register(on: service.router, receivers: names) { [counters] notification in
            counters["\(notification.receiver) \(notification.status)"]?.increment()
            for alert in notification.alerts {
                let level: Logger.Level = alert.status == "firing" && alert.labels["severity"] == "page" ? .error
                    : alert.status == "firing" ? .warning : .info
                var metadata: Logger.Metadata = [
                    "receiver": .string(notification.receiver),
                    "alert_status": .string(alert.status),
                    "alertname": .string(alert.name),
                    "starts_at": .string(alert.startsAt),
                    "labels": .dictionary(alert.labels.mapValues { .string($0) }),
                ]
                for key in ["summary", "runbook_url"] {
                    if let value = alert.annotations[key] { metadata[key] = .string(value) }
                }
                logger.log(level: level, "\(alert.status == "firing" ? "FIRING" : "RESOLVED") \(alert.name)", metadata: metadata)
            }
        }
        await service.run()
    }
}

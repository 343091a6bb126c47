import Foundation
import Hummingbird
import Logging
import Synchronization

/// The fault drills' webhook receiver: Alertmanager's notifications, kept with the time each arrived.
final class AlertInbox: Sendable {
    struct Delivery: Sendable {
        let at: ContinuousClock.Instant
        let notification: AlertmanagerWebhook
    }

    let port: Int
    private let deliveries = Mutex<[Delivery]>([])
    private let server = Mutex<Task<Void, Never>?>(nil)

    init(port: Int) { self.port = port }

    /// The base URL to give Alertmanager (receivers are paths under it).
    var url: String { "http://127.0.0.1:\(port)" }

    func start() {
        let router = Router()
        AlertWebhookRoute.register(on: router) { [self] notification in
            deliveries.withLock { $0.append(Delivery(at: .now, notification: notification)) }
        }
        var logger = Logger(label: "alert-inbox")
        logger.logLevel = .critical  // its shutdown by cancellation logs errors that mean nothing here
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                                      logger: logger)
        server.withLock { $0 = Task { try? await application.runService(gracefulShutdownSignals: []) } }
    }

    func stop() { server.withLock { $0?.cancel() } }

    /// Notifications that arrived at or after `instant`.
    func delivered(since instant: ContinuousClock.Instant) -> [Delivery] {
        deliveries.withLock { $0.filter { $0.at >= instant } }
    }

    /// Waits until a firing alert matching `expected` arrives after `instant`; its delivery, or nil
    /// after `timeout`.
    func waitForFiring(_ expected: [ExpectedAlert], since instant: ContinuousClock.Instant,
                       timeout: Duration) async -> (delivery: Delivery, alert: AlertmanagerWebhook.Alert)? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            for delivery in delivered(since: instant) {
                if let alert = delivery.notification.alerts.first(where: { alert in
                    alert.status == "firing" && expected.contains { $0.matches(alert) }
                }) {
                    return (delivery, alert)
                }
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
        return nil
    }
}

/// An alert a drill expects: its name and some of its labels.
struct ExpectedAlert: Sendable, CustomStringConvertible {
    let name: String
    var labels: [String: String] = [:]

    func matches(_ alert: AlertmanagerWebhook.Alert) -> Bool {
        alert.name == name && labels.allSatisfy { alert.labels[$0.key] == $0.value }
    }

    var description: String {
        labels.isEmpty ? name : "\(name){\(labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))}"
    }
}

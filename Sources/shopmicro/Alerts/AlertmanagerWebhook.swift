/// The body Alertmanager POSTs to a webhook receiver (payload version 4): one notification for a group
/// of alerts that share the route's `group_by` labels.
struct AlertmanagerWebhook: Codable, Sendable {
    struct Alert: Codable, Sendable {
        /// `firing` or `resolved`.
        let status: String
        let labels: [String: String]
        let annotations: [String: String]
        /// RFC 3339, when the alert started firing (after its `for`).
        let startsAt: String
        let endsAt: String?
        let fingerprint: String?

        var name: String { labels["alertname"] ?? "" }
    }

    /// The receiver of the route that matched (`page`, `ticket`, `watchdog`).
    let receiver: String
    let status: String
    let alerts: [Alert]
    let groupLabels: [String: String]?
    let externalURL: String?
}

import Hummingbird
import ServiceKit

/// `POST /{receiver}`: Alertmanager's webhook notifications, handed to `deliver`; `GET /healthz`
/// for probes. Only the configured receiver names are accepted (404 otherwise), so a label or a
/// log field never takes an unbounded value from the path.
enum AlertWebhookRoute {
    static let defaultReceivers: Set<String> = ["page", "ticket", "watchdog"]

    static func register<Context: RequestContext>(
        on router: Router<Context>, receivers: Set<String> = defaultReceivers,
        deliver: @escaping @Sendable (AlertmanagerWebhook) async -> Void
    ) {
        router.post("/:receiver") { request, context -> HTTPResponse.Status in
            let receiver = context.parameters.get("receiver") ?? ""
            guard receivers.contains(receiver) else {
                throw APIError.notFound("no receiver \"\(receiver)\"; known: \(receivers.sorted().joined(separator: ", "))",
                                        code: "unknown_receiver")
            }
            let notification = try await JSONBody.decode(AlertmanagerWebhook.self, from: request, allowUnknownFields: true)
            guard notification.receiver == receiver else {
                throw APIError.badRequest("the notification is for receiver \"\(notification.receiver)\", posted to /\(receiver)",
                                          code: "receiver_mismatch")
            }
            await deliver(notification)
            return .ok
        }
    }
}

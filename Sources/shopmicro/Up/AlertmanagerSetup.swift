/// The local Alertmanager's configuration: the repository's `alertmanager/alertmanager.yml` (routes,
/// grouping, inhibitions) with its receivers' address, `http://alert-log:9095` (the compose service),
/// replaced by a local one.
enum AlertmanagerSetup {
    static let receiverPlaceholder = "http://alert-log:9095"

    static func configuration(_ template: String, receiver: String) -> String {
        "# Written by shopmicro from alertmanager/alertmanager.yml; receivers at \(receiver).\n"
            + template.replacingOccurrences(of: receiverPlaceholder, with: receiver)
    }
}

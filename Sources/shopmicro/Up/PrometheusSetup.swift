import Foundation

/// The configuration of a local Prometheus that scrapes its targets every 5 s, loads the
/// repository's alerting and recording rules (`alerts/*.yml`, without the promtool test files) and
/// sends alerts to Alertmanager.
enum PrometheusSetup {
    static func configuration(targets: [(job: String, address: String)], ruleFiles: [String], alertmanager: String?) -> String {
        var text = """
            # Written by `shopmicro up`; regenerated at every start.
            global:
              scrape_interval: 5s
              evaluation_interval: 5s
            """
        if let alertmanager {
            text += """

                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ["\(alertmanager)"]
                """
        }
        if !ruleFiles.isEmpty {
            text += "\nrule_files:\n" + ruleFiles.map { "  - \($0)" }.joined(separator: "\n")
        }
        text += "\nscrape_configs:\n"
        for target in targets {
            text += """
                  - job_name: \(target.job)
                    static_configs:
                      - targets: ["\(target.address)"]

                """
        }
        return text
    }

    /// The rule files under `alerts/` of the repository in `directory`.
    static func ruleFiles(in directory: URL) -> [String] {
        let alerts = directory.appendingPathComponent("alerts")
        guard let enumerator = FileManager.default.enumerator(at: alerts, includingPropertiesForKeys: nil) else { return [] }
        return enumerator.compactMap { $0 as? URL }
            .filter { ["yml", "yaml"].contains($0.pathExtension) && !$0.lastPathComponent.contains("test")
                && !$0.path.contains("/slos/") }
            .map(\.path).sorted()
    }
}

import Foundation

/// The configuration of a local Prometheus that scrapes the three services every 5 s and loads the
/// repository's alerting and recording rules (`alerts/*.yml`, without the promtool test files).
enum PrometheusSetup {
    static func configuration(services: [(name: String, port: Int)], ruleFiles: [String]) -> String {
        var text = """
            # Written by `shopmicro up`; regenerated at every start.
            global:
              scrape_interval: 5s
              evaluation_interval: 5s
            """
        if !ruleFiles.isEmpty {
            text += "\nrule_files:\n" + ruleFiles.map { "  - \($0)" }.joined(separator: "\n")
        }
        text += "\nscrape_configs:\n"
        for service in services {
            text += """
                  - job_name: \(service.name)
                    static_configs:
                      - targets: ["127.0.0.1:\(service.port)"]

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

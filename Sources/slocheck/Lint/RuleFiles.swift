import Foundation
import Yams

/// A Prometheus rule file's rules with their lines.
struct RuleFile {
    struct Rule {
        let line: Int
        let record: String?
        let alert: String?
        let expression: String
        let labels: [String: String]
        let annotations: [String: String]
    }

    let path: String
    let rules: [Rule]

    /// The rule files under `alerts/` (not the SLO specs, the promtool tests or the snapshot).
    static func paths(in repository: URL) -> [String] {
        let alerts = repository.appendingPathComponent("alerts")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: alerts.path)) ?? []
        return names.filter { ($0.hasSuffix(".yml") || $0.hasSuffix(".yaml")) && !$0.contains("test") }.sorted().map { "alerts/\($0)" }
    }

    init(repository: URL, path: String) throws {
        self.path = path
        let document = try YAMLDocument(repository: repository, path: path)
        var rules: [Rule] = []
        for group in document.root["groups"]?.array() ?? [] {
            for rule in group["rules"]?.array() ?? [] {
                func strings(_ key: String) -> [String: String] {
                    var result: [String: String] = [:]
                    for (key, value) in rule[key]?.mapping ?? [:] {
                        if let key = key.string { result[key] = value.string ?? "" }
                    }
                    return result
                }
                rules.append(Rule(line: rule.line, record: rule["record"]?.string, alert: rule["alert"]?.string,
                                  expression: rule["expr"]?.string ?? "", labels: strings("labels"),
                                  annotations: strings("annotations")))
            }
        }
        self.rules = rules
    }
}

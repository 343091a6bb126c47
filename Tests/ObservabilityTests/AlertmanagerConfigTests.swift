import Foundation
import TestSupport
import Testing

@Suite("alertmanager/alertmanager.yml checked and routed by amtool")
struct AlertmanagerConfigTests {
    static let configuration = Repository.root.appendingPathComponent("alertmanager/alertmanager.yml")
    static let routeCasesFile = Repository.root.appendingPathComponent("alertmanager/tests/routes.txt")

    /// One line of alertmanager/tests/routes.txt: the expected receivers and the alert's labels.
    struct RouteCase: CustomStringConvertible {
        let line: Int
        let receivers: String
        let labels: [String]
        var description: String { "routes.txt:\(line): \(labels.joined(separator: " ")) -> \(receivers)" }
    }

    static func routeCases() throws -> [RouteCase] {
        try String(contentsOf: routeCasesFile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated().compactMap { number, line in
                let fields = line.split(separator: " ").map(String.init)
                guard let receivers = fields.first, !receivers.hasPrefix("#") else { return nil }
                return RouteCase(line: number + 1, receivers: receivers, labels: Array(fields.dropFirst()))
            }
    }

    /// `amtool config routes test --verify.receivers=…` on the repository's configuration.
    static func routeTest(receivers: String, labels: [String]) async throws -> (status: Int32, output: String) {
        try await Tool.run("/usr/bin/amtool", ["config", "routes", "test", "--config.file=\(configuration.path)",
                                              "--verify.receivers=\(receivers)"] + labels)
    }

    /// Every alerting rule under alerts/ with the labels its rule sets (name → labels).
    static func ruleAlerts() throws -> [(alert: String, labels: [String: String])] {
        let folder = Repository.root.appendingPathComponent("alerts")
        var alerts: [(String, [String: String])] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).filter({ $0.hasSuffix(".yml") }).sorted() {
            var current: String?
            var labels: [String: String] = [:]
            var labelsIndent: Int?
            func finish() {
                if let current { alerts.append((current, labels)) }
                (current, labels, labelsIndent) = (nil, [:], nil)
            }
            for line in try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).split(separator: "\n") {
                let indent = line.prefix { $0 == " " }.count
                let text = line.trimmingCharacters(in: .whitespaces)
                if text.hasPrefix("- alert: ") || text.hasPrefix("- record: ") || text.hasPrefix("- name: ") {
                    finish()
                    if text.hasPrefix("- alert: ") { current = String(text.dropFirst("- alert: ".count)) }
                } else if text == "labels:" {
                    labelsIndent = indent
                } else if let outer = labelsIndent {
                    if indent > outer, let colon = text.firstIndex(of: ":") {
                        labels[String(text[..<colon])] = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    } else {
                        labelsIndent = nil
                    }
                }
            }
            finish()
        }
        return alerts
    }

    @Test("amtool check-config accepts the configuration: three receivers, inhibit rules, a route tree")
    func checkConfig() async throws {
        let result = try await Tool.run("/usr/bin/amtool", ["check-config", Self.configuration.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("SUCCESS"), "\(result.output)")
        #expect(result.output.contains(" - 3 receivers"), "\(result.output)")
        #expect(result.output.contains(" - 4 inhibit rules"), "\(result.output)")
    }

    @Test("every case of alertmanager/tests/routes.txt reaches its receiver")
    func routeCasesHold() async throws {
        let cases = try Self.routeCases()
        #expect(cases.count >= 15)
        #expect(Set(cases.map(\.receivers)) == ["page", "ticket", "watchdog"])
        for route in cases {
            let result = try await Self.routeTest(receivers: route.receivers, labels: route.labels)
            #expect(result.status == 0, "\(route): \(result.output)")
        }
    }

    @Test("a wrong expectation fails: amtool exits non-zero when the receiver differs", arguments: [
        ("ticket", ["alertname=ShopMicroTargetDown", "severity=page", "job=backend"]),
        ("page", ["alertname=ShopMicroRedisDown", "severity=ticket", "job=backend"]),
        ("page", ["alertname=ShopMicroWatchdog", "severity=none"]),
    ])
    func wrongExpectationFails(receivers: String, labels: [String]) async throws {
        let result = try await Self.routeTest(receivers: receivers, labels: labels)
        #expect(result.status != 0, "\(result.output)")
        #expect(result.output.contains("Expected receivers did not match"), "\(result.output)")
    }

    @Test("every alert of alerts/*.yml reaches the receiver its severity names (none: the watchdog)")
    func everyRuleAlertRoutes() async throws {
        let alerts = try Self.ruleAlerts()
        #expect(alerts.count >= 20 + 8 * 3, "\(alerts.map(\.alert))")
        #expect(alerts.contains { $0.alert == "ShopMicroWatchdog" })
        for (alert, labels) in alerts {
            let severity = try #require(labels["severity"], "\(alert) has no severity")
            let receiver = ["page": "page", "ticket": "ticket", "none": "watchdog"][severity]
            #expect(receiver != nil, "\(alert): unknown severity \(severity)")
            let arguments = ["alertname=\(alert)"] + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let result = try await Self.routeTest(receivers: receiver ?? "?", labels: arguments)
            #expect(result.status == 0, "\(alert) \(labels) should reach \(receiver ?? "?"): \(result.output)")
        }
    }
}

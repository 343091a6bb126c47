import Foundation

/// The rules of Grafana's dashboard-linter (github.com/grafana/dashboard-linter), which is a Go
/// tool not installable here, applied by `slocheck lint` under the linter's own rule names, with
/// the exceptions of `dashboards/.lint` (the linter's format: `exclusions: {rule: {reason, entries:
/// [{dashboard, panel, targetIdx}]}}`; every exclusion must give its reason). ShopMicro adds
/// `target-slo-rule`: where a dashboard has an `slo` variable, every `slo:` series is filtered by it.
struct DashboardLint {
    static let exclusionsPath = "dashboards/.lint"

    struct Exclusion {
        struct Entry {
            let dashboard: String?
            let panel: String?
            let target: Int?
        }

        let reason: String
        /// Empty: the rule is excluded everywhere.
        let entries: [Entry]
    }

    let exclusions: [String: Exclusion]
    private(set) var problems: [Finding] = []

    init(repository: URL) throws {
        guard FileManager.default.fileExists(atPath: repository.appendingPathComponent(Self.exclusionsPath).path) else {
            exclusions = [:]
            return
        }
        let document = try YAMLDocument(repository: repository, path: Self.exclusionsPath)
        var exclusions: [String: Exclusion] = [:]
        var problems: [Finding] = []
        for (key, value) in document.root["exclusions"]?.mapping ?? [:] {
            guard let rule = key.string else { continue }
            let reason = value["reason"]?.string ?? ""
            if reason.isEmpty {
                problems.append(Finding(file: Self.exclusionsPath, line: key.line, check: "lint-exclusion-reason",
                                        message: "the exclusion of \(rule) gives no reason"))
            }
            let entries = (value["entries"]?.array() ?? []).map { entry in
                Exclusion.Entry(dashboard: entry["dashboard"]?.string, panel: entry["panel"]?.string, target: entry["targetIdx"]?.int)
            }
            exclusions[rule] = Exclusion(reason: reason, entries: entries)
        }
        self.exclusions = exclusions
        self.problems = problems
    }

    func isExcluded(_ rule: String, _ dashboard: Dashboards.Dashboard, _ panel: Dashboards.Panel?, _ target: Dashboards.Target?) -> Bool {
        guard let exclusion = exclusions[rule] else { return false }
        return exclusion.entries.isEmpty || exclusion.entries.contains { entry in
            (entry.dashboard == nil || entry.dashboard == dashboard.title) && (entry.panel == nil || entry.panel == panel?.title)
                && (entry.target == nil || entry.target == target?.index)
        }
    }

    func findings(_ dashboards: [Dashboards.Dashboard]) -> [Finding] {
        var findings = problems
        for dashboard in dashboards {
            var report = Report(lint: self, dashboard: dashboard)
            DashboardRules.check(dashboard, &report)
            findings += report.findings
        }
        return findings
    }

    /// Collects one dashboard's findings, leaving out the excluded ones.
    struct Report {
        let lint: DashboardLint
        let dashboard: Dashboards.Dashboard
        var findings: [Finding] = []

        mutating func add(_ rule: String, line: Int, panel: Dashboards.Panel? = nil, target: Dashboards.Target? = nil, _ message: String) {
            guard !lint.isExcluded(rule, dashboard, panel, target) else { return }
            var place = "Dashboard '\(dashboard.title)'"
            if let panel { place += ", panel '\(panel.title)'" }
            if let target { place += ", target idx '\(target.index)'" }
            findings.append(Finding(file: dashboard.file, line: line, check: rule, message: "\(place) \(message)"))
        }
    }
}

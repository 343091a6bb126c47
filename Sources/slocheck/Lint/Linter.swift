import Foundation

/// `slocheck lint`: SLO specs, rule hygiene, generated rules up to date, runbook sections, every
/// metric and label of every SLO, rule and dashboard query checked against what the services emit,
/// the Grafana dashboard-linter's rules, SLIs without synthetic traffic, and each deployment's
/// Prometheus retention against the longest SLO window.
struct Linter {
    let repository: URL
    static let recordingRuleName = #"^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_]+:[a-zA-Z0-9_]+$"#
    static let requiredAnnotations = ["summary", "description", "runbook_url"]
    /// `none`: only for alerts nobody acts on one by one, like the always-firing watchdog.
    static let severities: Set<String> = ["page", "ticket", "none"]

    func run() throws -> [Finding] {
        let (specs, specFindings) = try SpecLoader(repository: repository).load()
        var findings = specFindings
        let emitted = try EmittedMetrics(repository: repository)
        let runbook = try Runbook(repository: repository)

        // Generated rules and their tests are current.
        if specFindings.isEmpty {
            findings += try GeneratedFiles(specs: specs, runbook: runbook).staleFindings(in: repository)
        }

        // Rule files: hygiene and names.
        let ruleFiles = try RuleFile.paths(in: repository).map { try RuleFile(repository: repository, path: $0) }
        var recorded: [String: Set<String>] = [:]
        for file in ruleFiles {
            for rule in file.rules {
                guard let record = rule.record else { continue }
                let inherited = (try? ReferencedNames(expression: rule.expression))?.groupingLabels ?? []
                recorded[record, default: []].formUnion(Set(rule.labels.keys).union(inherited))
            }
        }
        let runbookAnchors = Runbook.anchors(in: repository)
        for file in ruleFiles {
            for rule in file.rules {
                findings += lint(rule, in: file.path, runbook: runbook, runbookAnchors: runbookAnchors)
                let context = rule.alert.map { "alert \($0)" } ?? rule.record.map { "recording rule \($0)" } ?? "rule"
                findings += emitted.check(rule.expression, recorded: recorded, file: file.path, line: rule.line, context: context)
            }
        }

        // SLO queries and dashboard queries against the emitted metrics.
        for spec in specs {
            findings += emitted.check(spec.numeratorQuery, recorded: recorded, file: spec.file, line: spec.numeratorLine,
                                      context: "SLO \(spec.name) \(spec.numerator.rawValue) query")
            findings += emitted.check(spec.totalQuery, recorded: recorded, file: spec.file, line: spec.totalLine,
                                      context: "SLO \(spec.name) total query")
        }
        let dashboards = try Dashboards.load(in: repository)
        for query in Dashboards.queries(in: dashboards) {
            findings += emitted.check(query.expression, recorded: recorded, file: query.file, line: query.line, context: query.panel)
        }
        findings += try DashboardLint(repository: repository).findings(dashboards)

        // SLIs count real users only; Prometheus keeps what the longest SLO window needs.
        for spec in specs where !SLIExpressions(spec: spec).excludesSyntheticTraffic {
            findings.append(Finding(file: spec.file, line: spec.totalLine, check: "slo-synthetic-counted",
                                    message: "SLO \(spec.name) counts synthetic requests: only \(SLIExpressions.familiesWithSyntheticTwin.joined(separator: ", ")) has a synthetic twin (\(SLIExpressions.syntheticPrefix)…) to subtract"))
        }
        if specFindings.isEmpty {
            findings += try DeploymentRetention(repository: repository, requirement: RetentionRequirement(specs: specs)).findings()
        }
        return findings.sorted()
    }

    private func lint(_ rule: RuleFile.Rule, in file: String, runbook: Runbook, runbookAnchors: Set<String>) -> [Finding] {
        var findings: [Finding] = []
        func finding(_ check: String, _ message: String) {
            findings.append(Finding(file: file, line: rule.line, check: check, message: message))
        }
        if let record = rule.record, record.range(of: Self.recordingRuleName, options: .regularExpression) == nil {
            finding("recording-rule-name", "recording rule \(record) must be named level:metric:operations")
        }
        guard let alert = rule.alert else { return findings }
        if let severity = rule.labels["severity"] {
            if !Self.severities.contains(severity) { finding("alert-severity", "alert \(alert): severity \"\(severity)\" must be page, ticket or none") }
        } else {
            finding("alert-label-missing", "alert \(alert) has no severity label")
        }
        for annotation in Self.requiredAnnotations where (rule.annotations[annotation] ?? "").isEmpty {
            finding("alert-annotation-missing", "alert \(alert) has no \(annotation) annotation")
        }
        if let url = rule.annotations["runbook_url"], !url.isEmpty {
            if let anchor = runbook.anchor(of: url) {
                if !runbookAnchors.contains(anchor) {
                    finding("runbook-section-missing", "alert \(alert): \(Runbook.path) has no section #\(anchor)")
                }
            } else {
                finding("runbook-url-base", "alert \(alert): runbook_url \(url) is not \(runbook.baseURL)#<section> (the base URL of \(Runbook.baseURLPath))")
            }
        }
        return findings
    }
}

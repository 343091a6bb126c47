import Foundation

/// `slocheck lint`: SLO specs, rule hygiene, generated rules up to date, runbook sections, and every
/// metric and label of every SLO, rule and dashboard query checked against what the services emit.
struct Linter {
    let repository: URL
    static let recordingRuleName = #"^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_]+:[a-zA-Z0-9_]+$"#
    static let requiredAnnotations = ["summary", "description", "runbook_url"]
    static let severities: Set<String> = ["page", "ticket"]

    func run() throws -> [Finding] {
        let (specs, specFindings) = try SpecLoader(repository: repository).load()
        var findings = specFindings
        let emitted = try EmittedMetrics(repository: repository)

        // Generated rules and their tests are current.
        if specFindings.isEmpty {
            findings += try GeneratedFiles(specs: specs).staleFindings(in: repository)
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
        let runbookAnchors = Self.anchors(in: repository)
        for file in ruleFiles {
            for rule in file.rules {
                findings += lint(rule, in: file.path, runbookAnchors: runbookAnchors)
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
        for query in try Dashboards.queries(in: repository) {
            findings += emitted.check(query.expression, recorded: recorded, file: query.file, line: query.line, context: query.panel)
        }
        return findings.sorted()
    }

    private func lint(_ rule: RuleFile.Rule, in file: String, runbookAnchors: Set<String>) -> [Finding] {
        var findings: [Finding] = []
        func finding(_ check: String, _ message: String) {
            findings.append(Finding(file: file, line: rule.line, check: check, message: message))
        }
        if let record = rule.record, record.range(of: Self.recordingRuleName, options: .regularExpression) == nil {
            finding("recording-rule-name", "recording rule \(record) must be named level:metric:operations")
        }
        guard let alert = rule.alert else { return findings }
        if let severity = rule.labels["severity"] {
            if !Self.severities.contains(severity) { finding("alert-severity", "alert \(alert): severity \"\(severity)\" must be page or ticket") }
        } else {
            finding("alert-label-missing", "alert \(alert) has no severity label")
        }
        for annotation in Self.requiredAnnotations where (rule.annotations[annotation] ?? "").isEmpty {
            finding("alert-annotation-missing", "alert \(alert) has no \(annotation) annotation")
        }
        if let url = rule.annotations["runbook_url"], url.hasPrefix(RuleGenerator.runbook + "#"),
           let anchor = url.split(separator: "#").last, !runbookAnchors.contains(String(anchor)) {
            finding("runbook-section-missing", "alert \(alert): \(RuleGenerator.runbook) has no section #\(anchor)")
        }
        return findings
    }

    /// GitHub-style anchors of the runbook's headings.
    static func anchors(in repository: URL) -> Set<String> {
        let text = (try? String(contentsOf: repository.appendingPathComponent(RuleGenerator.runbook), encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").filter { $0.hasPrefix("#") }.map { heading in
            heading.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces).lowercased()
                .filter { $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == "_" }
                .replacingOccurrences(of: " ", with: "-")
        })
    }
}

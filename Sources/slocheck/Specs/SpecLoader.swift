import Foundation
import Yams

/// Reads and validates the SLO specs under `alerts/slos/`.
struct SpecLoader {
    static let directory = "alerts/slos"
    let repository: URL

    /// The valid specs, and a finding for each problem (a spec with problems is left out).
    func load() throws -> (specs: [SLOSpec], findings: [Finding]) {
        let folder = repository.appendingPathComponent(Self.directory)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        var specs: [SLOSpec] = []
        var findings: [Finding] = []
        for name in names {
            let path = "\(Self.directory)/\(name)"
            let document = try YAMLDocument(repository: repository, path: path)
            var problems: [Finding] = []
            if let spec = Self.spec(from: document, problems: &problems) { specs.append(spec) }
            findings += problems
        }
        var seen: [String: SLOSpec] = [:]
        for spec in specs {
            if let other = seen[spec.name] {
                findings.append(Finding(file: spec.file, line: spec.line, check: "slo-name-duplicate",
                                        message: "SLO name \"\(spec.name)\" is also used by \(other.file)"))
            }
            seen[spec.name] = spec
        }
        if names.isEmpty {
            findings.append(Finding(file: Self.directory, line: 0, check: "slo-missing", message: "no SLO specs (*.yaml) found"))
        }
        return (specs, findings)
    }

    static func spec(from document: YAMLDocument, problems: inout [Finding]) -> SLOSpec? {
        let root = document.root
        let file = document.path
        func problem(_ node: Node?, _ check: String, _ message: String) {
            problems.append(Finding(file: file, line: node?.line ?? root.line, check: check, message: message))
        }
        func text(_ node: Node?, _ what: String) -> String? {
            guard let value = node?.string, !value.isEmpty else {
                problem(node, "slo-field-missing", "\(what) is missing")
                return nil
            }
            return value
        }
        if root["apiVersion"]?.string != "openslo/v1" { problem(root["apiVersion"], "slo-api-version", "apiVersion must be openslo/v1") }
        if root["kind"]?.string != "SLO" { problem(root["kind"], "slo-kind", "kind must be SLO") }
        let metadata = root["metadata"]
        let spec = root["spec"]
        let name = text(metadata?["name"], "metadata.name")
        if let name, name.range(of: #"^[a-z][a-z0-9-]{0,62}[a-z0-9]$"#, options: .regularExpression) == nil {
            problem(metadata?["name"], "slo-name", "metadata.name \"\(name)\" must be lower-case letters, digits and dashes (a DNS label)")
        }
        let service = text(spec?["service"], "spec.service")

        var windowSeconds: Int?
        let windows = spec?["timeWindow"]?.array() ?? []
        if windows.count != 1 {
            problem(spec?["timeWindow"], "slo-window", "spec.timeWindow must hold exactly one window")
        } else if let duration = windows[0]["duration"]?.string, let seconds = PromDuration.seconds(duration),
                  windows[0]["isRolling"]?.bool == true {
            windowSeconds = seconds
            if ![7, 28, 30].map({ $0 * 86_400 }).contains(seconds) {
                problem(windows[0]["duration"], "slo-window", "the window \(duration) is not one the burn-rate alerts are made for (7d, 28d or 30d)")
            }
        } else {
            problem(windows.first, "slo-window", "spec.timeWindow[0] must be a rolling window with a duration such as 30d")
        }

        let ratio = spec?["indicator"]?["spec"]?["ratioMetric"]
        if ratio == nil { problem(spec?["indicator"], "slo-indicator", "spec.indicator.spec.ratioMetric is missing (only ratio indicators are supported)") }
        if ratio?["counter"]?.bool != true { problem(ratio?["counter"] ?? ratio, "slo-indicator", "ratioMetric.counter must be true (the queries select counters)") }
        let numerator: SLOSpec.Numerator? = ratio?["good"] != nil ? .good : ratio?["bad"] != nil ? .bad : nil
        if numerator == nil { problem(ratio, "slo-indicator", "ratioMetric needs good or bad next to total") }
        if ratio?["good"] != nil && ratio?["bad"] != nil { problem(ratio, "slo-indicator", "ratioMetric must have good or bad, not both") }
        func query(_ side: String) -> (String, Int)? {
            let source = ratio?[side]?["metricSource"]
            if let type = source?["type"]?.string, type != "Prometheus" {
                problem(source?["type"], "slo-indicator", "\(side).metricSource.type must be Prometheus")
                return nil
            }
            let node = source?["spec"]?["query"]
            guard let query = text(node, "ratioMetric.\(side).metricSource.spec.query") else { return nil }
            do {
                _ = try VectorSelector(parsing: query)
            } catch {
                problem(node, "slo-query", "\(side) query is not a PromQL series selector: \(error)")
                return nil
            }
            return (query, node?.line ?? 0)
        }
        let numeratorQuery = numerator.flatMap { query($0.rawValue) }
        let totalQuery = ratio.flatMap { _ in query("total") }

        var target: (Double, String)?
        let objectives = spec?["objectives"]?.array() ?? []
        if objectives.count != 1 {
            problem(spec?["objectives"], "slo-objective", "spec.objectives must hold exactly one objective")
        } else if let raw = objectives[0]["target"]?.string, let value = Double(raw) {
            if value > 0 && value < 1 {
                target = (value, raw)
                let pair = BurnPolicy.fast.pairs[0]
                let factor = pair.factor(SLOSpec.probe(windowSeconds: windowSeconds ?? 30 * 86_400, target: value))
                if factor * (1 - value) >= 1 {
                    problem(objectives[0]["target"], "slo-page-never-fires",
                            "with target \(raw) the fast-burn page needs an error ratio above \(SLOSpec.decimal(factor * (1 - value))) (\(SLOSpec.decimal(factor))× the budget), which can never happen; raise the target above \(SLOSpec.decimal(1 - 1 / factor))")
                }
            } else {
                problem(objectives[0]["target"], "slo-target", "target \(raw) must be strictly between 0 and 1")
            }
        } else {
            problem(objectives.first, "slo-target", "objectives[0].target must be a number between 0 and 1")
        }

        var minEvents = SLOSpec.defaultMinEvents
        let annotation = metadata?["annotations"]?[SLOSpec.minEventsAnnotation]
        if let annotation {
            if let raw = annotation.string, let value = Int(raw), value > 0 {
                minEvents = value
            } else {
                problem(annotation, "slo-min-events",
                        "metadata.annotations.\(SLOSpec.minEventsAnnotation) must be a positive whole number of events, e.g. \"100\"")
            }
        }

        guard problems.isEmpty, let name, let service, let windowSeconds, let numerator, let numeratorQuery,
              let totalQuery, let target else { return nil }
        return SLOSpec(file: file, line: root.line, name: name, displayName: metadata?["displayName"]?.string ?? name,
                       service: service, targetText: target.1, target: target.0, windowSeconds: windowSeconds,
                       numerator: numerator, numeratorQuery: numeratorQuery.0, totalQuery: totalQuery.0,
                       numeratorLine: numeratorQuery.1, totalLine: totalQuery.1, minEvents: minEvents)
    }
}

/// Prometheus durations: `5m`, `1h`, `30d`, `1w`, `1y`, and combinations such as `1d12h`
/// (milliseconds are dropped).
enum PromDuration {
    static func seconds(_ text: String) -> Int? {
        let units: [String: Int] = ["ms": 0, "s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800, "y": 31_536_000]
        var total = 0
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(digits.count)
            let unit = rest.hasPrefix("ms") ? "ms" : String(rest.prefix(1))
            guard let number = Int(digits), let size = units[unit] else { return nil }
            rest = rest.dropFirst(unit.count)
            total += number * size
        }
        return total > 0 ? total : nil
    }

    /// Seconds as Prometheus writes them, in the largest whole unit: `31d`, `6h`, `90s`.
    static func text(_ seconds: Int) -> String {
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60)] where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}

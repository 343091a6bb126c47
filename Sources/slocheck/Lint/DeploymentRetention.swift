import Foundation
import Yams

/// Checks that every deployment's Prometheus keeps samples at least as long as the longest SLO
/// window (`RetentionRequirement`), where each deployment sets it:
/// - `docker-compose.yml`: `--storage.tsdb.retention.time=…` in the `prometheus` service's command;
/// - `ansible/roles/prometheus/defaults/main.yml`: `prometheus_retention_time`, passed by the role
///   as `--storage.tsdb.retention.time`;
/// - `k8s/monitoring/prometheus*.yaml`: `spec.retention` of the Prometheus object (or of the patch
///   for your own).
/// A deployment whose files are absent is not checked; one that sets no retention is reported
/// (Prometheus's default, 15d, is shorter than any SLO window).
struct DeploymentRetention {
    static let check = "prometheus-retention"
    static let composePath = "docker-compose.yml"
    static let ansibleRole = "ansible/roles/prometheus"
    static let ansibleDefaults = "ansible/roles/prometheus/defaults/main.yml"
    static let ansibleVariable = "prometheus_retention_time"
    static let flag = "--storage.tsdb.retention.time"
    static let kubernetesFolder = "k8s/monitoring"

    let repository: URL
    let requirement: RetentionRequirement

    func findings() throws -> [Finding] {
        guard let longest = requirement.longest else { return [] }
        var findings: [Finding] = []
        func verify(_ value: String?, file: String, line: Int, where place: String, setting: String) {
            let need = "at least the longest SLO window, \(longest.windowText) (\(longest.name)); set \(requirement.recommended) as alerts/prometheus-retention.txt says"
            guard let value else {
                findings.append(Finding(file: file, line: line, check: Self.check,
                                        message: "\(place) sets no \(setting): Prometheus keeps 15d by default, it must keep \(need)"))
                return
            }
            guard let seconds = PromDuration.seconds(value) else {
                findings.append(Finding(file: file, line: line, check: Self.check, message: "\(place): \(setting) \"\(value)\" is not a Prometheus duration such as 31d"))
                return
            }
            if seconds < requirement.minimumSeconds {
                findings.append(Finding(file: file, line: line, check: Self.check,
                                        message: "\(place) keeps \(value), shorter than the longest SLO window: it must keep \(need)"))
            }
        }
        if exists(Self.composePath) {
            let (value, line) = try composeRetention()
            verify(value, file: Self.composePath, line: line, where: "the prometheus service", setting: Self.flag)
        }
        if exists(Self.ansibleRole) {
            let (value, line) = try ansibleRetention()
            verify(value, file: Self.ansibleDefaults, line: line, where: "the Ansible prometheus role", setting: Self.ansibleVariable)
            if value != nil && !roleUsesVariable() {
                findings.append(Finding(file: Self.ansibleDefaults, line: line, check: Self.check,
                                        message: "the Ansible prometheus role never passes \(Self.ansibleVariable) to Prometheus as \(Self.flag) (tasks/ or templates/)"))
            }
        }
        if exists(Self.kubernetesFolder) {
            let (value, file, line) = try kubernetesRetention()
            verify(value, file: file, line: line, where: "the k8s monitoring component's Prometheus", setting: "spec.retention")
        }
        return findings
    }

    private func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: repository.appendingPathComponent(path).path)
    }

    /// The flag's value in the prometheus service's command (a list or one string), and its line.
    func composeRetention() throws -> (String?, Int) {
        let document = try YAMLDocument(repository: repository, path: Self.composePath)
        let services = document.root["services"]?.mapping ?? [:]
        let prometheus = services.first { key, service in
            key.string == "prometheus" || (service["image"]?.string ?? "").hasPrefix("prom/prometheus")
        }?.value
        guard let prometheus else { return (nil, document.root["services"]?.line ?? 0) }
        let command = prometheus["command"]
        let arguments: [(String, Int)] = command?.array().map { ($0.string ?? "", $0.line) }
            ?? (command?.string ?? "").split(separator: " ").map { (String($0), command?.line ?? 0) }
        for (index, argument) in arguments.enumerated() {
            if argument.0.hasPrefix(Self.flag + "=") { return (String(argument.0.dropFirst(Self.flag.count + 1)), argument.1) }
            if argument.0 == Self.flag, index + 1 < arguments.count { return (arguments[index + 1].0, argument.1) }
        }
        return (nil, command?.line ?? prometheus.line)
    }

    func ansibleRetention() throws -> (String?, Int) {
        guard exists(Self.ansibleDefaults) else { return (nil, 0) }
        let document = try YAMLDocument(repository: repository, path: Self.ansibleDefaults)
        let node = document.root[Self.ansibleVariable]
        return (node?.string, node?.line ?? 0)
    }

    /// Whether a task or template of the role hands the variable to Prometheus with the flag.
    func roleUsesVariable() -> Bool {
        let role = repository.appendingPathComponent(Self.ansibleRole)
        let files = FileManager.default.enumerator(atPath: role.path)?.compactMap { $0 as? String }
            .filter { $0.hasPrefix("tasks/") || $0.hasPrefix("templates/") } ?? []
        return files.contains { file in
            let text = (try? String(contentsOf: role.appendingPathComponent(file), encoding: .utf8)) ?? ""
            return text.contains(Self.flag) && text.contains(Self.ansibleVariable)
        }
    }

    /// `spec.retention` of a `kind: Prometheus` object or of a merge patch in `prometheus*.yaml`.
    func kubernetesRetention() throws -> (String?, String, Int) {
        let folder = repository.appendingPathComponent(Self.kubernetesFolder)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        for name in names {
            let path = "\(Self.kubernetesFolder)/\(name)"
            let text = try UnreadableFile.text(of: path, in: repository, holding: "Kubernetes objects")
            var documents: [Node] = []
            do {
                var sequence = try Yams.compose_all(yaml: text)
                while let document = sequence.next() { documents.append(document) }
                if let error = sequence.error { throw error }
            } catch let error as YamlError {
                throw UnreadableFile(finding: Finding(file: path, line: YAMLDocument.line(of: error), check: "yaml",
                                                      message: "not valid YAML: \(YAMLDocument.problem(of: error))"))
            }
            for document in documents {
                let kind = document["kind"]?.string
                guard kind == "Prometheus" || (kind == nil && name.hasPrefix("prometheus")) else { continue }
                if let retention = document["spec"]?["retention"] { return (retention.string, path, retention.line) }
            }
        }
        let patch = names.first { $0.hasPrefix("prometheus") }.map { "\(Self.kubernetesFolder)/\($0)" } ?? Self.kubernetesFolder
        return (nil, patch, 0)
    }
}

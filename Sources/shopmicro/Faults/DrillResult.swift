import Foundation

/// What one drill measured, and whether it passed.
struct DrillResult: Codable, Sendable {
    let name: String
    let fault: String
    var requests = 0
    var errorsByKind: [String: Int] = [:]
    /// Catalog and product page requests, and how many failed.
    var reads = 0
    var readErrors = 0
    var audit = OrderAudit()
    /// The expected alert that fired, and the receiver it reached.
    var alert: String?
    var receiver: String?
    var runbookURL: String?
    /// Fault start → the alert's notification at the receiver.
    var detectSeconds: Double?
    /// Repair (or fault start, when it heals by itself) → every service ready again.
    var recoverSeconds: Double?
    /// Every alert notified while the drill ran (`receiver:alertname`).
    var notified: [String] = []
    var notes: [String] = []
    var problems: [String] = []

    var passed: Bool { problems.isEmpty }
    var errors: Int { errorsByKind.values.reduce(0, +) }
}

/// The drills' results as a Markdown table (the README quotes it) and as JSON.
enum DrillReport {
    static func table(_ results: [DrillResult]) -> String {
        var lines = [
            "| drill | requests | errors by kind | lost orders | duplicated orders | other orders | alert → receiver | detect | recover | result |",
            "|---|--:|---|--:|--:|--:|---|--:|--:|---|",
        ]
        for result in results {
            let errors = result.errorsByKind.isEmpty ? "none"
                : result.errorsByKind.sorted { $0.value > $1.value }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            let alert = result.alert.map { "\($0) → \(result.receiver ?? "?")" } ?? "none expected"
            let cells = [
                result.name, "\(result.requests)", errors, "\(result.audit.lost) of \(result.audit.told)", "\(result.audit.duplicated)",
                "\(result.audit.untold + result.audit.foreign)", alert,
                result.detectSeconds.map { String(format: "%.0f s", $0) } ?? "–",
                result.recoverSeconds.map { String(format: "%.1f s", $0) } ?? "–",
                result.passed ? "pass" : "FAIL",
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// Notes and problems of each drill, one line each.
    static func details(_ results: [DrillResult]) -> String {
        results.map { result in
            var text = "\(result.name): \(result.fault). " + result.notes.joined(separator: "; ")
            if !result.notified.isEmpty { text += "; notified: " + result.notified.joined(separator: ", ") }
            if !result.problems.isEmpty { text += "\n  PROBLEMS: " + result.problems.joined(separator: "; ") }
            return "- " + text
        }.joined(separator: "\n")
    }

    static func json(_ results: [DrillResult]) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: (try? encoder.encode(results)) ?? Data(), as: UTF8.self)
    }
}

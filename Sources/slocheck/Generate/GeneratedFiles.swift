import Foundation

/// What `slocheck generate` writes: the SLO rules, their promtool tests, and the Prometheus
/// retention the SLO windows need.
struct GeneratedFiles {
    /// Path relative to the repository → content.
    let contents: [String: String]

    init(specs: [SLOSpec], runbook: Runbook) throws {
        var contents = try RuleTestGenerator.files(for: specs, runbook: runbook)
        contents[RuleGenerator.outputPath] = RuleGenerator.rules(for: specs, runbook: runbook)
        contents[RetentionRequirement.path] = RetentionRequirement(specs: specs).fileText
        self.contents = contents
    }

    func write(to repository: URL) throws {
        for (path, text) in contents {
            let url = repository.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// A finding per generated file that is missing or differs from a fresh generation.
    func staleFindings(in repository: URL) -> [Finding] {
        contents.keys.sorted().compactMap { path in
            let current = try? String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)
            guard current != contents[path] else { return nil }
            return Finding(file: path, line: 0, check: "generated-rules-stale",
                           message: current == nil ? "missing: run `swift run slocheck generate`"
                               : "differs from what the specs generate: run `swift run slocheck generate`")
        }
    }
}

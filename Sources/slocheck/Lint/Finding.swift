import Foundation

/// One problem `slocheck` found: where it is and what is wrong.
struct Finding: Codable, Sendable, Comparable {
    /// Path relative to the repository.
    let file: String
    /// 1-based; 0 when the problem is the file as a whole.
    let line: Int
    /// A stable name for the kind of problem, e.g. `alert-annotation-missing`.
    let check: String
    let message: String

    static func < (a: Finding, b: Finding) -> Bool {
        (a.file, a.line, a.check, a.message) < (b.file, b.line, b.check, b.message)
    }

    /// `file:line: message [check]`, the way compilers print.
    var text: String { "\(file):\(line): \(message) [\(check)]" }
}

/// A file `slocheck` cannot read at all (exit status 2).
struct UnreadableFile: Error, Sendable {
    let finding: Finding
}

extension UnreadableFile {
    /// The text of `path` in `repository`; a file that cannot be read throws, saying it should hold `contents`.
    static func text(of path: String, in repository: URL, holding contents: String) throws -> String {
        do {
            return try String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)
        } catch {
            throw UnreadableFile(finding: Finding(file: path, line: 0, check: "unreadable",
                                                  message: "cannot read \(contents): \(error.localizedDescription)"))
        }
    }
}

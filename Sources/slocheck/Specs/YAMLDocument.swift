import Foundation
import Yams

/// A YAML file parsed into nodes that keep their line numbers, for messages that point at the line.
struct YAMLDocument {
    let path: String
    let root: Node

    /// Parses `path` (relative to `repository`); a syntax error becomes `UnreadableFile` naming the line.
    init(repository: URL, path: String) throws {
        self.path = path
        let text: String
        do {
            text = try String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)
        } catch {
            throw UnreadableFile(finding: Finding(file: path, line: 0, check: "unreadable", message: "cannot read the file: \(error.localizedDescription)"))
        }
        do {
            guard let root = try Yams.compose(yaml: text) else {
                throw UnreadableFile(finding: Finding(file: path, line: 0, check: "yaml", message: "the file is empty"))
            }
            self.root = root
        } catch let error as YamlError {
            throw UnreadableFile(finding: Finding(file: path, line: Self.line(of: error), check: "yaml", message: "not valid YAML: \(Self.problem(of: error))"))
        }
    }

    static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _): mark.line
        case .composer(_, _, let mark, _): mark.line
        default: 0
        }
    }

    static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: "\(error)"
        }
    }
}

extension Node {
    /// The node's line (1-based), 0 when unknown.
    var line: Int { mark?.line ?? 0 }
}

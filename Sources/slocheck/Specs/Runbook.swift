import Foundation

/// The runbook alerts link to: its base URL, defined once in `alerts/runbook-base-url.txt`, and the
/// anchors of its sections in `alerts/RUNBOOK.md`. Every alert's `runbook_url` is `base#anchor`.
struct Runbook: Sendable {
    static let path = "alerts/RUNBOOK.md"
    static let baseURLPath = "alerts/runbook-base-url.txt"

    /// Absolute, e.g. `https://github.com/shopmicro/shopmicro/blob/main/alerts/RUNBOOK.md`.
    let baseURL: String

    /// Reads the base URL: the one line of `alerts/runbook-base-url.txt` that is not a comment.
    init(repository: URL) throws {
        let text = try UnreadableFile.text(of: Self.baseURLPath, in: repository, holding: "the runbook's base URL")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { (number: $0.offset + 1, text: $0.element.trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.text.isEmpty && !$0.text.hasPrefix("#") }
        guard lines.count == 1, let line = lines.first else {
            throw UnreadableFile(finding: Finding(file: Self.baseURLPath, line: lines.dropFirst().first?.number ?? 0, check: "runbook-base-url",
                                                  message: "expected exactly one line with the runbook's base URL (besides # comments), found \(lines.count)"))
        }
        guard let url = URL(string: line.text), ["https", "http"].contains(url.scheme ?? ""), url.host != nil,
              url.fragment == nil, !line.text.contains(" ") else {
            throw UnreadableFile(finding: Finding(file: Self.baseURLPath, line: line.number, check: "runbook-base-url",
                                                  message: "\"\(line.text)\" is not an absolute http(s) URL without a #fragment"))
        }
        baseURL = line.text
    }

    init(baseURL: String) {
        self.baseURL = baseURL
    }

    /// The link to one section.
    func url(anchor: String) -> String { baseURL + "#" + anchor }

    /// The anchor of `url` when it is `baseURL#anchor`, else nil.
    func anchor(of url: String) -> String? {
        guard url.hasPrefix(baseURL + "#") else { return nil }
        let anchor = String(url.dropFirst(baseURL.count + 1))
        return anchor.isEmpty ? nil : anchor
    }

    /// GitHub-style anchors of the runbook's headings.
    static func anchors(in repository: URL) -> Set<String> {
        let text = (try? String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").filter { $0.hasPrefix("#") }.map { heading in
            heading.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces).lowercased()
                .filter { $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == "_" }
                .replacingOccurrences(of: " ", with: "-")
        })
    }
}

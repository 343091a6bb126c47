import Foundation
import TestSupport
import Testing

@Suite("No secret is committed")
struct CommittedSecretsTests {
    /// The only credential values committed anywhere: documented placeholders.
    static let placeholders: Set<String> = ["change-me", "local-example-only", "password"]
    /// Values that are never credentials (`secrets: true`, a hashing scheme).
    static let plainValues: Set<String> = ["true", "false", "scram-sha-256"]
    /// In code and prose a secret would be a quoted literal; `password = configuration.password` is not one.
    static let codeExtensions: Set<String> = ["swift", "py", "lua", "md", "sh", "js"]
    /// Test code makes throw-away servers with made-up passwords; those files may hold them.
    static let testFolders = ["Tests/"]

    /// A value assigned to something named like a secret (`POSTGRES_PASSWORD: x`, `password = "x"`),
    /// a password inside a URL (`://user:x@`), or key material. A name that only refers to a secret
    /// (`secretName`, `PASSWORD_FILE`, `password_encryption`) or merely ends in one
    /// (`automountServiceAccountToken`) is not a secret assignment.
    static let patterns: [(name: String, regex: NSRegularExpression)] = [
        ("secret assignment", try! NSRegularExpression(pattern: #"(?i)(?<![a-z])(password|passwd|secret|token|api_?key)(?![a-z_]*(name|ref|file|encryption)\s*[:=])[A-Z_]*\s*[:=]\s*(["']?)([^\s"'$,}{]+)"#)),
        ("password in a URL", try! NSRegularExpression(pattern: #"://[^/\s:@]*:([^/\s@$]+)@"#)),
        ("private key", try! NSRegularExpression(pattern: #"-----BEGIN [A-Z ]*PRIVATE KEY-----"#)),
        ("AWS access key", try! NSRegularExpression(pattern: #"AKIA[0-9A-Z]{16}"#)),
    ]

    static func findings(in files: [(path: String, text: String)]) -> [String] {
        var findings: [String] = []
        for file in files where !testFolders.contains(where: file.path.hasPrefix) {
            for (number, line) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let text = String(line)
                for pattern in patterns {
                    for match in pattern.regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                        var value = match.numberOfRanges > 1 ? Range(match.range(at: match.numberOfRanges - 1), in: text).map { String(text[$0]) } ?? "" : ""
                        if value.hasPrefix("-") { value.removeFirst() }  // a shell default: ${VAR:-value}
                        if placeholders.contains(value) || plainValues.contains(value) { continue }
                        if pattern.name == "secret assignment" {
                            let quoted = Range(match.range(at: 3), in: text).map { !text[$0].isEmpty } ?? false
                            let isCode = codeExtensions.contains(URL(fileURLWithPath: file.path).pathExtension)
                            if isCode && !quoted { continue }
                        }
                        findings.append("\(file.path):\(number + 1): \(pattern.name)")
                    }
                }
            }
        }
        return findings
    }

    @Test("every tracked file holds only the documented placeholders as credentials")
    func noSecretsInTheRepository() async throws {
        let repository = LocalPlatformTests.repository
        let listed = try await Tool.run("/usr/bin/git", ["-C", repository.path, "ls-files"])
        #expect(listed.status == 0, "\(listed.output)")
        let paths = listed.output.split(separator: "\n").map(String.init).filter { !$0.hasSuffix(".png") }
        #expect(paths.count > 100)
        let files = paths.compactMap { path in
            (try? String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)).map { (path, $0) }
        }
        let findings = Self.findings(in: files)
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
    }

    @Test("the scan finds a planted password, URL credential and private key")
    func scanFindsPlantedSecrets() {
        let findings = Self.findings(in: [
            ("k8s/secret.env", "POSTGRES_PASSWORD=hunter2\n"),
            ("ansible/vars.yml", "database_url: postgresql://shop:s3cr3t@db:5432/shop\n"),
            ("deploy/key.pem", "-----BEGIN RSA PRIVATE KEY-----\n"),
            (".env.example", "REDIS_PASSWORD=change-me\n"),
            ("k8s/app.yaml", "secretName: shopmicro-secrets\nautomountServiceAccountToken: false\n- { name: REDIS_PASSWORD_FILE, value: /run/x }\n"),
            ("ansible/defaults.yml", "api_token: 0f9e8d7c\nsecrets: true\n"),
        ])
        #expect(findings == ["k8s/secret.env:1: secret assignment", "ansible/vars.yml:1: password in a URL", "deploy/key.pem:1: private key",
                             "ansible/defaults.yml:1: secret assignment"])
    }
}

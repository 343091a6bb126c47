import Foundation
import TestSupport
import Testing

/// One of the playbooks in Tests/tools/ansible applied to this machine (localhost, local
/// connection), with settings as extra variables and secrets in an ansible-vault encrypted file.
final class AnsibleRun: Sendable {
    let folder: URL
    /// Where the settings put every file the roles write.
    let root: URL
    let playbook: URL

    init(playbook: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("shopmicro-ansible-\(UUID().uuidString.prefix(8))")
        root = folder.appendingPathComponent("root")
        self.playbook = Repository.root.appendingPathComponent("Tests/tools/ansible/\(playbook)")
        TestCleanup.atExit { [folder] in try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        // Pipelining sends modules on standard input, so becoming the `postgres` user needs no
        // temporary files readable by it; root becomes anyone with `su`.
        try """
        all:
          vars:
            ansible_connection: local
            ansible_python_interpreter: /usr/bin/python3
            ansible_pipelining: true
            ansible_become_method: su
          children:
            shopmicro_app:
              hosts:
                localhost:
            shopmicro_database:
              hosts:
                localhost:
            shopmicro_cache:
              hosts:
                localhost:
            shopmicro_monitoring:
              hosts:
                localhost:
        """.write(to: folder.appendingPathComponent("inventory.yml"), atomically: true, encoding: .utf8)
        try "test-vault-password-\(UUID().uuidString)\n".write(to: folder.appendingPathComponent("vault-password"), atomically: true, encoding: .utf8)
    }

    /// The playbook's variables (YAML).
    func writeSettings(_ yaml: String) throws {
        try yaml.write(to: folder.appendingPathComponent("settings.yml"), atomically: true, encoding: .utf8)
    }

    /// The secrets, as users keep them: a file encrypted with ansible-vault.
    func writeSecrets(_ secrets: [String: String]) async throws {
        let vault = folder.appendingPathComponent("vault.yml")
        try secrets.map { "\($0.key): \"\($0.value)\"" }.joined(separator: "\n").appending("\n")
            .write(to: vault, atomically: true, encoding: .utf8)
        let encrypted = try await Repository.runTool("ansible-vault", [
            "encrypt", "--vault-password-file", folder.appendingPathComponent("vault-password").path, vault.path,
        ])
        try #require(encrypted.status == 0, "\(encrypted.output)")
        try #require(try String(contentsOf: vault, encoding: .utf8).hasPrefix("$ANSIBLE_VAULT;"))
    }

    /// Runs the playbook; returns its status and output. `overrides` (JSON) win over the settings.
    func apply(overrides: String? = nil) async throws -> (status: Int32, output: String) {
        try await Repository.runTool("ansible-playbook", [
            "-i", folder.appendingPathComponent("inventory.yml").path,
            "-e", "@" + folder.appendingPathComponent("settings.yml").path,
            "-e", "@" + folder.appendingPathComponent("vault.yml").path,
        ] + (overrides.map { ["-e", $0] } ?? []) + [
            "--vault-password-file", folder.appendingPathComponent("vault-password").path,
            playbook.path,
        ], environment: ["ANSIBLE_ROLES_PATH": Repository.root.appendingPathComponent("ansible/roles").path,
                         "ANSIBLE_NOCOLOR": "1", "ANSIBLE_LOCAL_TEMP": folder.appendingPathComponent("tmp").path])
    }

    /// A systemd `EnvironmentFile` under `root` as systemd reads it: `KEY=value` or `KEY="quoted \" value"`.
    func environmentFile(_ path: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8).split(separator: "\n") {
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            var value = String(line[line.index(after: equals)...])
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
                    .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
            }
            values[String(line[..<equals])] = value
        }
        return values
    }

    /// The `changed=N` of the play recap.
    static func changedCount(_ output: String) -> Int? {
        guard let range = recap(output).range(of: #"changed=(\d+)"#, options: .regularExpression) else { return nil }
        return Int(recap(output)[range].dropFirst("changed=".count))
    }

    static func recap(_ output: String) -> String {
        output.split(separator: "\n").last { $0.hasPrefix("localhost") && $0.contains("ok=") }.map(String.init) ?? "no recap"
    }

    /// Removes system users (and their groups) that roles created for a test.
    static func removeUsers(_ users: [String]) {
        for user in users {
            _ = try? Tool.runBlocking("/usr/sbin/userdel", [user])
            _ = try? Tool.runBlocking("/usr/sbin/groupdel", [user])
        }
    }
}

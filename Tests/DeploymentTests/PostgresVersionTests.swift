import Foundation
import TestSupport
import Testing

/// One PostgreSQL major version everywhere: docker-compose (server and backup), the compose check's
/// stand-in, k8s (StatefulSet and backup CronJob) and Ansible (server and pg_dump), through
/// Tests/tools/postgres_major.py; a planted drift in each kind of place is found.
@Suite("PostgreSQL major version")
struct PostgresVersionTests {
    static let checker = Repository.root.appendingPathComponent("Tests/tools/postgres_major.py").path
    static let files = ["docker-compose.yml", "docker/stand-ins/postgres/Dockerfile", "k8s/postgres.yaml", "k8s/backup/cronjob.yaml",
                        "ansible/roles/postgres/defaults/main.yml", "ansible/roles/shopmicro_backup/defaults/main.yml"]

    /// A copy of the files the checker reads, with `change` applied to `file`.
    static func copy(changing file: String? = nil, _ change: (String) -> String = { $0 }) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shopmicro-pg-\(UUID().uuidString.prefix(8))")
        TestCleanup.atExit { try? FileManager.default.removeItem(at: folder) }
        for path in files {
            let target = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let text = try String(contentsOf: Repository.root.appendingPathComponent(path), encoding: .utf8)
            let changed = path == file ? change(text) : text
            if path == file { #expect(changed != text, "the change to \(file ?? "") found nothing to change") }
            try changed.write(to: target, atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test("compose, the stand-in, k8s and Ansible name one major version; a drift in any of them fails")
    func oneMajorVersion() async throws {
        let clean = try await Tool.run("/usr/bin/python3", [Self.checker, try Self.copy().path])
        #expect(clean.status == 0, "\(clean.output)")
        #expect(clean.output.split(separator: "\n").count == 7, "\(clean.output)")

        let drifts: [(file: String, change: (String) -> String)] = [
            ("docker-compose.yml", { $0.replacingOccurrences(of: "image: ${POSTGRES_IMAGE:-postgres:15", with: "image: ${POSTGRES_IMAGE:-postgres:16") }),
            ("docker/stand-ins/postgres/Dockerfile", { $0.replacingOccurrences(of: "ARG PG_MAJOR=15", with: "ARG PG_MAJOR=16") }),
            ("k8s/postgres.yaml", { $0.replacingOccurrences(of: "postgres:15.", with: "postgres:16.") }),
            ("k8s/backup/cronjob.yaml", { $0.replacingOccurrences(of: "postgres:15.", with: "postgres:17.") }),
            ("ansible/roles/postgres/defaults/main.yml", { $0.replacingOccurrences(of: "postgres_version: 15", with: "postgres_version: 16") }),
            ("ansible/roles/shopmicro_backup/defaults/main.yml",
             { $0.replacingOccurrences(of: "shopmicro_backup_postgres_version: 15", with: "shopmicro_backup_postgres_version: 16") }),
        ]
        for drift in drifts {
            let checked = try await Tool.run("/usr/bin/python3", [Self.checker, try Self.copy(changing: drift.file, drift.change).path])
            #expect(checked.status == 1 && checked.output.contains("PostgreSQL major versions differ"), "\(drift.file): \(checked.output)")
        }
        let removed = try await Tool.run("/usr/bin/python3", [Self.checker, try Self.copy(changing: "k8s/backup/cronjob.yaml") {
            $0.replacingOccurrences(of: "image: postgres:15.10-bookworm", with: "image: example/pg-backup:1.0")
        }.path])
        #expect(removed.status == 1 && removed.output.contains("no PostgreSQL version found at: k8s/backup/cronjob.yaml"), "\(removed.output)")
    }
}

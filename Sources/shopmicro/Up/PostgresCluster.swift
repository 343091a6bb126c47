import Foundation

/// A private PostgreSQL cluster in the state folder: created with `initdb` on first use, started and
/// stopped with `pg_ctl` (as the `postgres` user when running as root: PostgreSQL refuses root).
struct PostgresCluster {
    let binDirectory: String
    let dataDirectory: URL
    let socketDirectory: URL
    let port: Int
    static let database = "shopmicro"

    /// The cluster under `state`, or nil with a message when PostgreSQL is not installed.
    static func find(state: URL, port: Int) -> PostgresCluster? {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let newest = versions.compactMap(Int.init).max(),
              FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\(newest)/bin/initdb") else { return nil }
        return PostgresCluster(binDirectory: "/usr/lib/postgresql/\(newest)/bin",
                               dataDirectory: state.appendingPathComponent("postgres"),
                               socketDirectory: state, port: port)
    }

    var url: String { "postgresql://shopmicro@127.0.0.1:\(port)/\(Self.database)" }

    /// Creates the cluster if needed, starts it and creates the database if needed.
    func start() throws {
        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) {
            try fileManager.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
            try handToPostgres(dataDirectory)
            try tool("initdb", ["-D", dataDirectory.path, "-U", "shopmicro", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
        }
        try handToPostgres(socketDirectory)
        if (try? tool("pg_ctl", ["-D", dataDirectory.path, "status"])) != nil {
            try tool("pg_ctl", ["-D", dataDirectory.path, "-m", "fast", "-w", "stop"])  // left over from a crash
        }
        try tool("pg_ctl", ["-D", dataDirectory.path, "-l", socketDirectory.appendingPathComponent("postgres.log").path, "-w",
                            "-o", "-p \(port) -k \(socketDirectory.path) -c listen_addresses=127.0.0.1", "start"])
        let exists = try tool("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "shopmicro", "-d", "postgres", "-tAc",
                                       "SELECT 1 FROM pg_database WHERE datname = '\(Self.database)'"])
        if !exists.contains("1") {
            try tool("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "shopmicro", Self.database])
        }
    }

    /// A fast restart (`pg_ctl restart -m fast`): sessions are ended, the server is back when it returns.
    func restart() throws {
        try tool("pg_ctl", ["-D", dataDirectory.path, "-m", "fast", "-w", "-l", socketDirectory.appendingPathComponent("postgres.log").path,
                            "-o", "-p \(port) -k \(socketDirectory.path) -c listen_addresses=127.0.0.1", "restart"])
    }

    /// The postmaster and every process it started (backends, checkpointer, WAL writer…).
    func serverProcesses() -> [pid_t] {
        guard let text = try? String(contentsOf: dataDirectory.appendingPathComponent("postmaster.pid"), encoding: .utf8),
              let postmaster = text.split(separator: "\n").first.flatMap({ pid_t($0) }) else { return [] }
        let children = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap(pid_t.init).filter { pid in
            // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == postmaster
        }
        return [postmaster] + children
    }

    func stop() {
        _ = try? tool("pg_ctl", ["-D", dataDirectory.path, "-m", "fast", "-w", "stop"])
    }

    @discardableResult
    private func tool(_ name: String, _ arguments: [String]) throws -> String {
        try CommandLineTool.run("\(binDirectory)/\(name)", arguments, asUser: "postgres")
    }

    /// As root, the postgres user must own the folders PostgreSQL writes to.
    private func handToPostgres(_ directory: URL) throws {
        guard getuid() == 0 else { return }
        try CommandLineTool.run("/bin/chown", ["postgres", directory.path])
    }
}

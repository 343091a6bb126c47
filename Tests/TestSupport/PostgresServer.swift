import Foundation

/// A private PostgreSQL cluster for tests: `initdb` into a temporary folder, `pg_ctl start` on a
/// free loopback port, trust authentication for the `shopmicro` role (or, with a password, SCRAM
/// authentication over TCP). As root (CI), the server
/// binaries run as the `postgres` user, since PostgreSQL refuses to run as root.
public final class PostgresServer: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    /// The `shopmicro` role's password, which TCP connections must give; nil: trust.
    public let password: String?
    private var dataDirectory: URL { directory.appendingPathComponent("data") }

    /// One cluster shared by the tests of a process (each test makes its own database).
    public static func shared() throws -> PostgresServer {
        try sharedServer.get()
    }

    private static let sharedServer = Result { try PostgresServer() }

    /// The folder of `initdb`, `pg_ctl`, `psql` …: the newest `/usr/lib/postgresql/*/bin`.
    public static var binaries: URL {
        get throws {
            let root = URL(fileURLWithPath: "/usr/lib/postgresql")
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
            guard let newest = versions.compactMap(Int.init).max() else {
                throw Failure("PostgreSQL is not installed (apt-get install postgresql)")
            }
            return root.appendingPathComponent("\(newest)/bin")
        }
    }

    /// Creates and starts a new cluster; with a `password`, TCP connections must give it.
    public init(password: String? = nil) throws {
        port = try FreePort.find()
        self.password = password
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("shopmicro-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.giveToPostgresUser(directory)
        var authentication = ["--auth=trust"]
        if let password {
            let passwordFile = directory.appendingPathComponent("password")
            try Data(password.utf8).write(to: passwordFile)
            authentication = ["--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=\(passwordFile.path)"]
        }
        try runBlocking("initdb", ["-D", dataDirectory.path, "-U", "shopmicro", "-E", "UTF8", "--locale=C.UTF-8"] + authentication)
        try runBlocking("pg_ctl", startArguments)
        TestCleanup.atExit { [directory, dataDirectory] in
            try? Self.runAsServerUserBlocking("pg_ctl", ["-D", dataDirectory.path, "-m", "immediate", "stop"])
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// Starts the server (again) on the same port and data.
    ///
    /// `fsync=off` only risks data on an operating-system crash; commits stay synchronous, so an
    /// immediate stop (a PostgreSQL crash) loses no committed transaction.
    public func start() async throws {
        try await run("pg_ctl", startArguments)
    }

    private var startArguments: [String] {
        let options = "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c max_connections=300 "
            + "-c fsync=off -c full_page_writes=off -c shared_buffers=32MB"
        return ["-D", dataDirectory.path, "-l", directory.appendingPathComponent("server.log").path, "-o", options, "-w", "-t", "60", "start"]
    }

    /// Stops the server at once (`-m immediate`: connections are cut, as in a crash).
    public func stop() async throws {
        try await run("pg_ctl", ["-D", dataDirectory.path, "-m", "immediate", "-w", "stop"])
    }

    /// A new empty database; returns its connection URL.
    public func createDatabase() async throws -> String {
        let name = "test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        _ = try await psql(database: "postgres", "CREATE DATABASE \(name)")
        return url(database: name)
    }

    public func url(database: String) -> String {
        "postgresql://shopmicro@127.0.0.1:\(port)/\(database)"
    }

    /// Runs SQL through `psql` and returns its unaligned output (`-At`), throwing on an error.
    @discardableResult
    public func psql(database: String, _ sql: String) async throws -> String {
        let result = try await Tool.run(try Self.binaries.appendingPathComponent("psql").path,
                                  ["-d", authenticatedURL(database: database),
                                   "-v", "ON_ERROR_STOP=1", "-At", "-c", sql])
        guard result.status == 0 else { throw Failure("psql failed: \(result.output)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func authenticatedURL(database: String) -> String {
        guard let password else { return url(database: database) }
        let encoded = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password
        return "postgresql://shopmicro:\(encoded)@127.0.0.1:\(port)/\(database)"
    }

    /// The database name of a URL made by `createDatabase()`.
    public static func databaseName(of url: String) -> String {
        String(url.split(separator: "/").last ?? "")
    }

    private func run(_ tool: String, _ arguments: [String]) async throws {
        let (executable, arguments) = try Self.asServerUser(tool, arguments)
        let result = try await Tool.run(executable, arguments)
        guard result.status == 0 else { throw Failure("\(tool) failed: \(result.output)") }
    }

    private func runBlocking(_ tool: String, _ arguments: [String]) throws {
        let (executable, arguments) = try Self.asServerUser(tool, arguments)
        let result = try Tool.runBlocking(executable, arguments)
        guard result.status == 0 else { throw Failure("\(tool) failed: \(result.output)") }
    }

    private static func runAsServerUserBlocking(_ tool: String, _ arguments: [String]) throws {
        let (executable, arguments) = try asServerUser(tool, arguments)
        _ = try Tool.runBlocking(executable, arguments)
    }

    /// The command line running `tool` as the `postgres` user when the tests run as root.
    private static func asServerUser(_ tool: String, _ arguments: [String]) throws -> (String, [String]) {
        let executable = try binaries.appendingPathComponent(tool).path
        return getuid() == 0 ? ("/usr/sbin/runuser", ["-u", "postgres", "--", executable] + arguments) : (executable, arguments)
    }

    private static func giveToPostgresUser(_ folder: URL) throws {
        guard getuid() == 0 else { return }
        guard let user = getpwnam("postgres") else { throw Failure("running as root but there is no postgres user") }
        chown(folder.path, user.pointee.pw_uid, user.pointee.pw_gid)
        chmod(folder.path, 0o700)
    }
}

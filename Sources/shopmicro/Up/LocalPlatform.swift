import Dispatch
import Foundation

/// The whole platform on this machine: PostgreSQL and Redis (private ones in the state folder unless
/// `DATABASE_URL` / `REDIS_URL` are set), the three services, and the monitoring (Prometheus with the
/// repository's rules, Alertmanager with its routes, the data-store exporters) when installed.
/// `up` stops everything it started on SIGINT or SIGTERM, or when a process dies; the fault drills
/// start it, break parts of it and repair them.
final class LocalPlatform: @unchecked Sendable {
    struct Ports {
        var frontend = 3000
        var backend = 8080
        var ml = 8000
        var prometheus = 9090
        var alertmanager = 9093
        var alertLog = 9095
    }

    let state: URL
    let binDirectory: URL
    let repository: URL
    let ports: Ports
    let withPrometheus: Bool
    /// Where Alertmanager's notifications go (`http://host:port`, receivers as paths); nil: to a
    /// `shopmicro alert-log` started here, whose lines appear among the others.
    let alertReceiver: String?
    let console = ConsoleOutput.shared
    private let lock = NSLock()
    private var running: [ManagedProcess] = []
    private(set) var postgres: PostgresCluster?
    private(set) var databaseURL = ""
    private(set) var redisURL = ""
    /// Prometheus's and Alertmanager's base URLs, once started.
    var prometheusURL: String?
    var alertmanagerURL: String?

    /// Where `DATABASE_URL`, `REDIS_URL` and `LOG_OUTPUT` are read.
    let environment: [String: String]
    /// What every started ShopMicro process reports as its revision: the caller's `SHOPMICRO_REVISION`,
    /// else the checkout's commit (read once).
    let revision: String

    init(state: URL, binDirectory: URL, repository: URL, ports: Ports, withPrometheus: Bool, alertReceiver: String? = nil,
         environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        self.state = state
        self.binDirectory = binDirectory
        self.repository = repository
        self.ports = ports
        self.withPrometheus = withPrometheus
        self.alertReceiver = alertReceiver
        revision = environment["SHOPMICRO_REVISION"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.checkoutRevision(of: repository)
    }

    /// The processes started, oldest first.
    var processes: [ManagedProcess] { lock.withLock { running } }

    func process(named name: String) -> ManagedProcess? { processes.first { $0.name == name } }

    func add(_ process: ManagedProcess) { lock.withLock { running.append(process) } }

    /// The service's base URL (`backend`, `ml-service`, `frontend`).
    func url(of service: String) -> String {
        "http://127.0.0.1:\(service == "backend" ? ports.backend : service == "ml-service" ? ports.ml : ports.frontend)"
    }

    /// Runs until a stop signal; the exit code: 0 after a requested stop, 1 after a failure.
    func run() async -> Int32 {
        let stopRequested = StopSignal()
        let started = ContinuousClock.now
        do {
            try await start()
        } catch {
            console.error("\(error)")
            await stopAll()
            return 1
        }
        let elapsed = ContinuousClock.now - started
        printSummary(readyAfter: elapsed)
        while true {
            if stopRequested.received {
                console.line("stopping…")
                await stopAll()
                console.line("stopped; state kept in \(state.path)")
                return 0
            }
            if let dead = processes.first(where: { !$0.isRunning }) {
                console.error("\(dead.name) exited (status \(dead.exitStatus)); stopping everything")
                await stopAll()
                return 1
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Starts everything; throws (after saying what is missing) when something cannot start.
    func start() async throws {
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        for (name, port) in [("frontend", ports.frontend), ("backend", ports.backend), ("ml-service", ports.ml)]
        where !LocalPort.isFree(port) {
            throw PlatformError("port \(port) for \(name) is in use (another ShopMicro running?); free it or choose another with --\(name == "ml-service" ? "ml" : name)-port")
        }

        // Every missing tool is reported before anything starts.
        let externalDatabase = environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let externalRedis = environment["REDIS_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let cluster = externalDatabase == nil ? PostgresCluster.find(state: state, port: LocalPort.free(preferring: 55432)) : nil
        if externalDatabase == nil, cluster == nil {
            throw PlatformError("PostgreSQL is not installed: apt-get install postgresql (or set DATABASE_URL)")
        }
        let redisServer = externalRedis == nil ? CommandLineTool.find("redis-server") : nil
        if externalRedis == nil, redisServer == nil {
            throw PlatformError("Redis is not installed: apt-get install redis-server (or set REDIS_URL)")
        }

        if let externalDatabase {
            databaseURL = externalDatabase
        } else {
            let cluster = cluster!
            console.line("starting PostgreSQL on 127.0.0.1:\(cluster.port) (data in \(cluster.dataDirectory.path))…")
            try cluster.start()
            postgres = cluster
            databaseURL = cluster.url
        }

        if let externalRedis {
            redisURL = externalRedis
        } else {
            let port = LocalPort.free(preferring: 56379)
            let directory = state.appendingPathComponent("redis")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            add(try ManagedProcess(name: "redis", executable: redisServer!, arguments: [
                "--port", String(port), "--bind", "127.0.0.1", "--dir", directory.path, "--appendonly", "yes", "--save", "",
            ]))
            redisURL = "redis://127.0.0.1:\(port)/0"
        }

        // `shopmicro load` marks its requests synthetic; here only local clients reach the services.
        // shopmicro_build_info names the checkout's commit (a SHOPMICRO_REVISION of the caller wins).
        let common = ["HOST": "127.0.0.1", "LOG_OUTPUT": environment["LOG_OUTPUT"] ?? "stdout", "SYNTHETIC_TRAFFIC_TRUSTED": "true",
                      "SHOPMICRO_REVISION": revision]
        let backendURL = "http://127.0.0.1:\(ports.backend)"
        let mlURL = "http://127.0.0.1:\(ports.ml)"
        let services: [(name: String, port: Int, environment: [String: String])] = [
            ("backend", ports.backend, ["DATABASE_URL": databaseURL, "REDIS_URL": redisURL]),
            ("ml-service", ports.ml, ["BACKEND_URL": backendURL]),
            // Redis too: the storefront's page cache listens to the backend's catalog invalidations.
            ("frontend", ports.frontend, ["BACKEND_URL": backendURL, "ML_URL": mlURL, "REDIS_URL": redisURL]),
        ]
        for service in services {
            let executable = binDirectory.appendingPathComponent(service.name).path
            guard FileManager.default.isExecutableFile(atPath: executable) else {
                throw PlatformError("\(executable) is missing: build it first (swift build)")
            }
            let process = try ManagedProcess(name: service.name, executable: executable,
                                             environment: common.merging(service.environment) { $1 }.merging(["PORT": String(service.port)]) { $1 })
            add(process)
            // The ml-service and the frontend need the backend: start them once it is ready.
            guard await ReadinessProbe.wait(for: "http://127.0.0.1:\(service.port)/readyz", process: process) else {
                throw PlatformError("\(service.name) did not become ready")
            }
        }

        if withPrometheus {
            try await startMonitoring(services: services.map { ($0.name, $0.port) })
        }
    }

    /// `git rev-parse --short HEAD` of `repository`, empty (the services then say `unknown`) outside a checkout.
    private static func checkoutRevision(of repository: URL) -> String {
        guard let git = CommandLineTool.find("git"),
              let output = try? CommandLineTool.run(git, ["-C", repository.path, "rev-parse", "--short", "HEAD"]) else { return "" }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts `name` again as it was started (after a crash or a drill's kill), and for a service
    /// waits until it is ready; false when it did not become ready.
    func restart(_ name: String) async throws -> Bool {
        guard let old = process(named: name) else { throw PlatformError("no process named \(name)") }
        if old.isRunning { await old.stop() }
        let new = try old.relaunched()
        lock.withLock { running = running.map { $0 === old ? new : $0 } }
        guard ["backend", "ml-service", "frontend"].contains(name) else { return true }
        return await ReadinessProbe.wait(for: url(of: name) + "/readyz", process: new)
    }

    /// Services first (newest first), then Redis and PostgreSQL.
    func stopAll() async {
        for process in processes.reversed() { await process.stop() }
        postgres?.stop()
    }

    private func printSummary(readyAfter elapsed: Duration) {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var lines = [
            "",
            "ShopMicro is running (ready in \(String(format: "%.1f", seconds)) s):",
            "  shop        http://localhost:\(ports.frontend)",
            "  backend     http://127.0.0.1:\(ports.backend)/api/products   (OpenAPI: /api/openapi.json)",
            "  ml-service  http://127.0.0.1:\(ports.ml)/recommendations?product_id=1",
        ]
        if let prometheusURL { lines.append("  prometheus  \(prometheusURL)") }
        if let alertmanagerURL { lines.append("  alerts      \(alertmanagerURL) (notifications: the [alert-log] lines)") }
        lines.append("  metrics     /metrics on each service; state in \(state.path)")
        lines.append("Press Ctrl-C to stop.")
        lines.append("")
        for line in lines { console.line(line) }
    }
}

/// A startup problem, said in one line.
struct PlatformError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

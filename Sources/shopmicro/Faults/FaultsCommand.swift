import ArgumentParser
import AsyncHTTPClient
import Foundation

/// `shopmicro faults` (`make faults`): fault drills under load against a private platform, each with
/// the ledger of what the shoppers were told and whether the right alert reached the right receiver.
struct FaultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faults",
        abstract: "Run fault drills under load and print what clients and operators saw.",
        discussion: """
            Starts its own platform (private PostgreSQL and Redis, the services, the exporters, Prometheus \
            with the repository's rules and Alertmanager with its routes, whose receivers are this command's \
            own webhook) on free ports, with its state in --state-dir (emptied first). Per drill: fresh \
            Prometheus and Alertmanager storage, simulated shoppers, the fault, the wait for its alert, the \
            repair, the wait for every service to be ready, and the audit of orders against the database. \
            Exits 1 when a drill fails. Drills: \(DrillCatalog.all.map(\.name).joined(separator: ", ")).
            """)

    @Option(help: "Drills to run, comma-separated (default: all).") var drills: String?
    @Option(help: "Concurrent simulated shoppers.") var users = 6
    @Option(help: "Requests per second in all, so the monitoring keeps its share of the cores.") var rate: Double = 40
    @Option(help: "Folder for the drills' platform (emptied first).") var stateDir = ".local/faults"
    @Option(help: "Also write the results table (Markdown) to this file.") var report: String?
    @Option(help: "Also write the results as JSON to this file.") var json: String?

    func validate() throws {
        let known = Set(DrillCatalog.all.map(\.name))
        for name in selectedNames where !known.contains(name) {
            throw ValidationError("unknown drill \"\(name)\"; drills: \(DrillCatalog.all.map(\.name).joined(separator: ", "))")
        }
        guard (1...100).contains(users) else { throw ValidationError("--users must be between 1 and 100") }
        guard rate > 0, rate.isFinite else { throw ValidationError("--rate must be a positive number of requests per second") }
    }

    /// Copies of the service executables: the drills restart services, and a rebuild during the
    /// run must neither change them nor find the file busy.
    private static func copyServices(to folder: URL) throws -> URL {
        let built = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["backend", "ml-service", "frontend"] {
            try FileManager.default.copyItem(at: built.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return folder
    }

    private var selectedNames: [String] {
        drills.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? DrillCatalog.all.map(\.name)
    }

    func run() async throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let state = URL(fileURLWithPath: stateDir, relativeTo: cwd).standardizedFileURL
        try? FileManager.default.removeItem(at: state)
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let console = ConsoleOutput.shared
        try console.divertProcessOutput(to: state.appendingPathComponent("processes.log"))
        console.line("fault drills: the processes' output goes to \(state.appendingPathComponent("processes.log").path)")

        let inbox = AlertInbox(port: LocalPort.free(preferring: 19099))
        inbox.start()
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["REDIS_URL"] = nil
        let platform = LocalPlatform(
            state: state, binDirectory: try Self.copyServices(to: state.appendingPathComponent("bin")),
            repository: cwd,
            ports: .init(frontend: LocalPort.free(preferring: 13000), backend: LocalPort.free(preferring: 18080),
                         ml: LocalPort.free(preferring: 18000), prometheus: LocalPort.free(preferring: 19090),
                         alertmanager: 19093, alertLog: 19095),
            withPrometheus: true, alertReceiver: inbox.url, environment: environment)
        // Ctrl-C or SIGTERM: stop everything started (PostgreSQL runs detached) before leaving.
        let interruption = StopSignal {
            ConsoleOutput.shared.error("interrupted; stopping the drills' platform")
            Task {
                await platform.stopAll()
                Foundation.exit(130)
            }
        }
        defer { interruption.cancel() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(3))))
        var results: [DrillResult] = []
        do {
            try await platform.start()
            guard platform.prometheusURL != nil, platform.alertmanagerURL != nil else {
                throw PlatformError("the drills need Prometheus and Alertmanager: apt-get install prometheus prometheus-alertmanager")
            }
            let catalog = try await ShopCatalog.discover(base: platform.url(of: "frontend"), client: client)
            let runner = DrillRunner(platform: platform, inbox: inbox, catalog: catalog, client: client, users: users, rate: rate)
            let selected = DrillCatalog.all.filter { selectedNames.contains($0.name) }
            for (index, drill) in selected.enumerated() {
                results.append(await runner.run(drill, index: index))
            }
        } catch {
            console.error("\(error)")
        }
        await platform.stopAll()
        inbox.stop()
        try? await client.shutdown()

        let table = DrillReport.table(results)
        console.line("\n" + table + "\n\n" + DrillReport.details(results))
        if let report { try (table + "\n\n" + DrillReport.details(results) + "\n").write(toFile: report, atomically: true, encoding: .utf8) }
        if let json { try DrillReport.json(results).write(toFile: json, atomically: true, encoding: .utf8) }
        let failed = results.filter { !$0.passed }.count
        console.line("\(results.count - failed) drills passed, \(failed) failed")
        if failed > 0 || results.count != selectedNames.count { throw ExitCode(1) }
    }
}

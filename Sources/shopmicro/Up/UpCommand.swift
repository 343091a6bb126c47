import ArgumentParser
import Foundation

/// `shopmicro up`: the whole platform on this machine, without Docker.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start PostgreSQL, Redis, the three services and Prometheus locally; Ctrl-C stops them all.",
        discussion: """
            A private PostgreSQL cluster and redis-server keep their data in the state folder (so orders \
            survive a restart) unless DATABASE_URL / REDIS_URL name servers to use instead.
            """)

    @Option(help: "Folder for the local PostgreSQL, Redis and Prometheus data.")
    var stateDir = ".local"
    @Option(help: "Storefront port.") var frontendPort = 3000
    @Option(help: "Backend port.") var backendPort = 8080
    @Option(help: "ml-service port.") var mlPort = 8000
    @Option(help: "Prometheus port.") var prometheusPort = 9090
    @Flag(help: "Do not start Prometheus.") var noPrometheus = false
    @Flag(help: "Do not build the services first (when run from the repository, `up` builds them so they are current).")
    var noBuild = false

    func run() async throws {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if !noBuild, FileManager.default.fileExists(atPath: cwd.appendingPathComponent("Package.swift").path),
           executable.path.hasPrefix(cwd.appendingPathComponent(".build").path), let swift = CommandLineTool.find("swift") {
            // `swift run shopmicro up` builds only this tool: build the services it starts, in the same configuration.
            ConsoleOutput.shared.line("building the services…")
            let configuration = executable.deletingLastPathComponent().lastPathComponent == "release" ? "release" : "debug"
            for product in ["backend", "ml-service", "frontend"] {
                do {
                    try CommandLineTool.run(swift, ["build", "-c", configuration, "--product", product])
                } catch {
                    ConsoleOutput.shared.error("\(error)")
                    throw ExitCode(1)
                }
            }
        }
        let platform = LocalPlatform(
            state: URL(fileURLWithPath: stateDir, relativeTo: cwd).standardizedFileURL,
            binDirectory: executable.deletingLastPathComponent(),
            repository: cwd,
            ports: .init(frontend: frontendPort, backend: backendPort, ml: mlPort, prometheus: prometheusPort),
            withPrometheus: !noPrometheus)
        let status = await platform.run()
        if status != 0 { throw ExitCode(status) }
    }
}

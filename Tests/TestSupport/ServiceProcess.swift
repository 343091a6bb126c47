@_exported import ProcessSpawning
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A built ShopMicro executable running as a child process on a free loopback port.
public final class ServiceProcess: @unchecked Sendable {
    public let name: String
    public let port: Int
    /// The child's process id.
    public private(set) var pid: pid_t = 0
    private var exitStatus: Int32?
    public let stdoutURL: URL
    public let stderrURL: URL

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The folder holding the built executables: `SHOPMICRO_BIN_DIR`, else the test binary's own folder.
    public static var binaryDirectory: URL {
        if let directory = ProcessInfo.processInfo.environment["SHOPMICRO_BIN_DIR"] {
            return URL(fileURLWithPath: directory)
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // swift-testing on Linux runs `<bin>/shopmicroPackageTests.xctest`
        while directory.pathComponents.count > 1, !FileManager.default.fileExists(atPath: directory.appendingPathComponent("backend").path) {
            directory = directory.deletingLastPathComponent()
        }
        return directory
    }

    /// Starts `executable` with `environment` added to a minimal one, and waits for `/healthz`
    /// (holding a place of the `StartupGate` until then).
    /// A `backend` gets a fresh database and the shared Redis (`TestStores`) unless `environment` names others.
    ///
    /// `journalStreamIsStderr` sets `JOURNAL_STREAM` to the stderr file's device and inode, as systemd does.
    /// `port` defaults to a free one.
    public init(_ executable: String, arguments: [String] = [], environment: [String: String] = [:], port: Int? = nil,
                waitUntilHealthy: Bool = true, journalStreamIsStderr: Bool = false) async throws {
        name = executable
        self.port = try port ?? FreePort.find()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shopmicro-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        stdoutURL = folder.appendingPathComponent("stdout.log")
        stderrURL = folder.appendingPathComponent("stderr.log")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)

        if waitUntilHealthy {
            try await StartupGate.shared.withPlace { [self] in
                try await launch(arguments: arguments, environment: environment, journalStreamIsStderr: journalStreamIsStderr)
                try await waitForHealth()
            }
        } else {
            try await launch(arguments: arguments, environment: environment, journalStreamIsStderr: journalStreamIsStderr)
        }
    }

    private func launch(arguments: [String], environment: [String: String], journalStreamIsStderr: Bool) async throws {
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                   "HOST": "127.0.0.1", "PORT": String(port), "LOG_OUTPUT": "stdout"]
        if name == "backend" { env.merge(try await TestStores.backendEnvironment()) { _, new in new } }
        env.merge(environment) { _, new in new }
        if journalStreamIsStderr {
            var status = stat()
            stat(stderrURL.path, &status)
            env["JOURNAL_STREAM"] = "\(status.st_dev):\(status.st_ino)"
        }
        pid = try ChildProcess.spawn(Self.binaryDirectory.appendingPathComponent(name).path, arguments, environment: env,
                                     stdout: stdoutURL.path, stderr: stderrURL.path)
    }

    deinit {
        if isRunning {
            kill(pid, SIGKILL)
            ChildProcess.wait(pid)
        }
    }

    private func waitForHealth() async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            guard isRunning else { throw Failure("\(name) exited early (status \(exitStatus ?? -1)): \(stderr())\(stdout().suffix(2000))") }
            if let response = try? await HTTP.get("\(baseURL)/healthz"), response.status == .ok { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure("\(name) did not become healthy in 60 s: \(stderr())\(stdout().suffix(2000))")
    }

    /// Sends `signal` and waits for the exit status (at most `timeout`).
    public func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(30)) async throws -> Int32 {
        kill(pid, signal)
        return try await waitForExit(timeout: timeout)
    }

    public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            guard ContinuousClock.now < deadline else { throw Failure("\(name) did not exit in \(timeout)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        return exitStatus ?? -1
    }

    /// False once the process has exited (and been reaped).
    public var isRunning: Bool {
        if exitStatus == nil { exitStatus = ChildProcess.poll(pid) }
        return exitStatus == nil
    }

    public func stdout() -> String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    public func stderr() -> String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// The value of one sample of `/metrics` (e.g. `name{label="x"}`), 0 when absent.
    public func metric(_ series: String) async throws -> Double {
        let text = try await HTTP.get(baseURL + "/metrics").text
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.split(separator: " ").last ?? "") ?? 0
        }
        return 0
    }

    /// Every stdout line parsed as a JSON object (nil for a line that is not one).
    public func logRecords() -> [[String: Any]?] {
        stdout().split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }
}


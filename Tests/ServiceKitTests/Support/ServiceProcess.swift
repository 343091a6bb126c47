import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A built ShopMicro executable running as a child process on a free loopback port.
final class ServiceProcess: @unchecked Sendable {
    let name: String
    let port: Int
    let process = Process()
    let stdoutURL: URL
    let stderrURL: URL

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The folder holding the built executables: `SHOPMICRO_BIN_DIR`, else the test binary's own folder.
    static var binaryDirectory: URL {
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

    /// Starts `executable` with `environment` added to a minimal one, and waits for `/healthz`.
    ///
    /// `journalStreamIsStderr` sets `JOURNAL_STREAM` to the stderr file's device and inode, as systemd does.
    init(_ executable: String, environment: [String: String] = [:], waitUntilHealthy: Bool = true,
         journalStreamIsStderr: Bool = false) async throws {
        name = executable
        port = try FreePort.find()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shopmicro-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        stdoutURL = folder.appendingPathComponent("stdout.log")
        stderrURL = folder.appendingPathComponent("stderr.log")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)

        process.executableURL = Self.binaryDirectory.appendingPathComponent(executable)
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                   "HOST": "127.0.0.1", "PORT": String(port), "LOG_OUTPUT": "stdout"]
        env.merge(environment) { _, new in new }
        if journalStreamIsStderr {
            var status = stat()
            stat(stderrURL.path, &status)
            env["JOURNAL_STREAM"] = "\(status.st_dev):\(status.st_ino)"
        }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
        if waitUntilHealthy { try await waitForHealth() }
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    private func waitForHealth() async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw Failure("\(name) exited early: \(stderr())") }
            if let response = try? await HTTP.get("\(baseURL)/healthz"), response.status == .ok { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure("\(name) did not become healthy: \(stderr())")
    }

    /// Sends `signal` and waits for the exit status (at most `timeout`).
    func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(30)) async throws -> Int32 {
        kill(process.processIdentifier, signal)
        return try await waitForExit(timeout: timeout)
    }

    func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { throw Failure("\(name) did not exit in \(timeout)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    func stdout() -> String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    func stderr() -> String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Every stdout line parsed as a JSON object (nil for a line that is not one).
    func logRecords() -> [[String: Any]?] {
        stdout().split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }
}

/// A test failure with a message.
struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Finds a free loopback TCP port by binding port 0.
enum FreePort {
    static func find() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw Failure("bind failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Small helpers over AsyncHTTPClient for tests.
enum HTTP {
    /// A client that leaves bodies as they come (no automatic decompression), following no redirects.
    static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5)), decompression: .disabled))

    struct Reply {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { throw Failure("not a JSON object: \(text)") }
            return object
        }
    }

    static func get(_ url: String, headers: [(String, String)] = []) async throws -> Reply {
        try await send(.GET, url, headers: headers)
    }

    static func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: response.status, headers: response.headers, body: Array(buffer.readableBytesView))
    }
}

/// Runs a command line tool, returning its exit status and combined output.
///
/// Input and output go through temporary files, not pipes: a service process spawned by another
/// test at the same moment may inherit a pipe's write end and would keep it open for its lifetime.
enum Tool {
    static func run(_ executable: String, _ arguments: [String], stdin: [UInt8]? = nil) throws -> (status: Int32, output: String) {
        let folder = FileManager.default.temporaryDirectory
        let inputURL = folder.appendingPathComponent("tool-in-\(UUID().uuidString)")
        let outputURL = folder.appendingPathComponent("tool-out-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: inputURL)
            try? FileManager.default.removeItem(at: outputURL)
        }
        try Data(stdin ?? []).write(to: inputURL)
        FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = try FileHandle(forWritingTo: outputURL)
        let input = try FileHandle(forReadingFrom: inputURL)
        defer {
            try? output.close()
            try? input.close()
        }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = input
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "")
    }
}

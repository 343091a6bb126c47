import Foundation
import ProcessSpawning

/// A long-running child (a service, Redis, Prometheus) whose output goes to the console line by
/// line with a `[name]` prefix, read by a thread of its own.
final class ManagedProcess: @unchecked Sendable {
    let name: String
    let pid: pid_t
    /// How it was started, so that it can be started again the same way.
    let launch: (executable: String, arguments: [String], environment: [String: String])
    private let lock = NSLock()
    private var status: Int32?

    /// Starts `executable` with `arguments` and `environment` added to this process's environment.
    init(name: String, executable: String, arguments: [String] = [], environment: [String: String] = [:]) throws {
        self.name = name
        self.launch = (executable, arguments, environment)
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw PlatformError("cannot create a pipe for \(name)") }
        let (readEnd, writeEnd) = (descriptors[0], descriptors[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        do {
            pid = try ChildProcess.spawn(executable, arguments,
                                         environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
                                         output: .descriptor(writeEnd))
        } catch {
            close(readEnd)
            close(writeEnd)
            throw error
        }
        close(writeEnd)
        let source = name
        Thread.detachNewThread {
            Self.forwardLines(from: readEnd, source: source)
        }
    }

    /// A new process started as this one was (after this one has exited).
    func relaunched() throws -> ManagedProcess {
        try ManagedProcess(name: name, executable: launch.executable, arguments: launch.arguments, environment: launch.environment)
    }

    /// False once the process has exited (and was reaped).
    var isRunning: Bool {
        lock.withLock {
            if status == nil { status = ChildProcess.poll(pid) }
            return status == nil
        }
    }

    var exitStatus: Int32 { lock.withLock { status ?? -1 } }

    /// Sends SIGTERM, waits up to `timeout`, then SIGKILL.
    func stop(timeout: Duration = .seconds(30)) async {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if isRunning {
            ConsoleOutput.shared.error("\(name) did not stop in \(timeout); killing it")
            kill(pid, SIGCONT)  // a stopped process (a fault drill's SIGSTOP) must be able to die
            kill(pid, SIGKILL)
            let killed = ChildProcess.wait(pid)
            lock.withLock { status = killed }
        }
    }

    /// Reads until end-of-file (every writer gone), printing whole lines.
    private static func forwardLines(from descriptor: Int32, source: String) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            pending.append(contentsOf: buffer[0..<count])
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                ConsoleOutput.shared.line(String(decoding: pending[..<newline], as: UTF8.self), from: source)
                pending.removeSubrange(...newline)
            }
        }
        if !pending.isEmpty { ConsoleOutput.shared.line(String(decoding: pending, as: UTF8.self), from: source) }
        close(descriptor)
    }
}

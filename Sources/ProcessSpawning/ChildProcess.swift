import Foundation

/// Child processes started with `posix_spawn` and reaped with `waitpid` by the caller. This stays
/// reliable where Foundation's `Process` did not: under many concurrent starts (tests) and when
/// waited for from Swift concurrency (it left children unreaped).
public enum ChildProcess {
    /// Where a child's stdout and stderr go.
    public enum Output {
        /// Files opened for appending (`/dev/null` when nil); stderr defaults to stdout's file.
        case files(stdout: String?, stderr: String?)
        /// One descriptor for both, e.g. the write end of a pipe.
        case descriptor(Int32)
    }

    /// A child that could not be started.
    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `executable` with `arguments`; stdin, stdout and stderr go to the given files
    /// (`/dev/null` when nil). `environment` nil inherits this process's environment.
    public static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                             stdin: String? = nil, stdout: String? = nil, stderr: String? = nil) throws -> pid_t {
        try spawn(executable, arguments, environment: environment, stdin: stdin, output: .files(stdout: stdout, stderr: stderr))
    }

    /// Starts `executable` with `arguments`, its output going to `output`.
    public static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                             stdin: String? = nil, output: Output) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin ?? "/dev/null", O_RDONLY, 0)
        switch output {
        case .files(let stdout, let stderr):
            posix_spawn_file_actions_addopen(&actions, 1, stdout ?? "/dev/null", O_WRONLY | O_APPEND | O_CREAT, 0o644)
            posix_spawn_file_actions_addopen(&actions, 2, stderr ?? stdout ?? "/dev/null", O_WRONLY | O_APPEND | O_CREAT, 0o644)
        case .descriptor(let descriptor):
            posix_spawn_file_actions_adddup2(&actions, descriptor, 1)
            posix_spawn_file_actions_adddup2(&actions, descriptor, 2)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Children start with default signal handling whatever the parent ignores.
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        // Its own process group: a Ctrl-C in the terminal reaches the parent only, which then
        // stops its children in order.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            env.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, env)
        guard status == 0 else { throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(status)))") }
        return pid
    }

    /// Waits for `pid` to exit and returns its exit status (128 + signal when killed).
    @discardableResult
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return exitStatus(status)
    }

    /// The exit status if `pid` has exited, nil while it runs (never blocks); -1 when it is no longer
    /// a child of this process (reaped elsewhere): gone, and its pid may already be another process's,
    /// so it must not be signalled any more.
    public static func poll(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid { return exitStatus(status) }
        if result < 0 && errno == ECHILD { return -1 }
        return nil
    }

    private static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}

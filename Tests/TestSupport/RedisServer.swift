import Foundation

/// A private `redis-server` for tests on a free loopback port, without persistence; it can be
/// stopped and started again on the same port to simulate an outage.
public final class RedisServer: @unchecked Sendable {
    public let port: Int
    public let password: String?
    private var pid: pid_t?
    private let lock = NSLock()

    /// `redis://[:password@]127.0.0.1:port/0`.
    public var url: String {
        "redis://\(password.map { ":\($0)@" } ?? "")127.0.0.1:\(port)/0"
    }

    public init(password: String? = nil) throws {
        port = try FreePort.find()
        self.password = password
        try start()
    }

    deinit {
        stop()
    }

    /// Starts the server and waits until it accepts connections.
    public func start() throws {
        var arguments = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        if let password { arguments += ["--requirepass", password] }
        let pid = try ChildProcess.spawn("/usr/bin/redis-server", arguments)
        lock.withLock { self.pid = pid }
        TestCleanup.atExit { kill(pid, SIGKILL) }
        // Up to 10 s: with every test suite starting servers at once on two cores, 2 s was too short.
        for _ in 0..<500 {
            if Self.accepts(port: port) { return }
            if let status = ChildProcess.poll(pid) {
                lock.withLock { self.pid = nil }
                throw Failure("redis-server exited with status \(status) before listening on port \(port)")
            }
            usleep(20_000)
        }
        throw Failure("redis-server did not start on port \(port)")
    }

    /// Stops the server (SIGKILL: no goodbye to clients, as in a crash).
    public func stop() {
        guard let pid = lock.withLock({ self.pid }) else { return }
        kill(pid, SIGKILL)
        ChildProcess.wait(pid)
        lock.withLock { self.pid = nil }
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

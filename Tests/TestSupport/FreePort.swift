import Foundation
import Synchronization

/// Finds a free loopback TCP port for a server a test starts.
///
/// The port is chosen below the kernel's ephemeral range (`ip_local_port_range`): a port the
/// kernel handed out for binding port 0 is free only until the child binds it, and meanwhile any
/// outgoing connection of the many tests running at once may take it as its source port (seen on
/// CI as a service that "exited early"). Below that range only another test's server can collide:
/// a port is handed out once per test process (two tests could otherwise both see it free before
/// either child bound it, seen on CI as "Address already in use"), and the bind check skips ports
/// of other processes.
public enum FreePort {
    /// Every port `find()` returned in this process.
    private static let handedOut = Mutex<Set<Int>>([])

    public static func find() throws -> Int {
        let ephemeralStart = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))
            .flatMap { $0.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } } ?? 32768
        let range = 10_000..<max(ephemeralStart, 20_000)
        for _ in 0..<200 {
            let port = Int.random(in: range)
            guard handedOut.withLock({ $0.insert(port).inserted }) else { continue }
            if isFree(port) { return port }
        }
        throw Failure("no free port in \(range)")
    }

    /// True when `port` can be bound on 127.0.0.1 right now.
    static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

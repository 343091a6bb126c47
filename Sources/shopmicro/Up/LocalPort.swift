import Foundation

/// Loopback TCP ports: whether one is free, and a free one.
enum LocalPort {
    /// True when nothing listens on 127.0.0.1:`port` and it can be bound.
    static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        // As the servers do: connections of a previous run in TIME_WAIT must not count as "in use".
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// `preferred` when free, else the first free port above it.
    static func free(preferring preferred: Int) -> Int {
        (preferred..<(preferred + 200)).first(where: isFree) ?? preferred
    }
}

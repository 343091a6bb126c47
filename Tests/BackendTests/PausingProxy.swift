import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

/// A TCP proxy on a free loopback port in front of a server, for races made deterministic: the
/// answers on one connection can be kept back (the server has done the work, the client does not know
/// yet) until `release()`. What clients send always goes through.
final class PausingProxy: @unchecked Sendable {
    let port: Int
    private let targetPort: Int
    private let listener: Int32
    private let lock = NSLock()
    /// Set by `hold(afterClientSends:)`: the bytes that pick the connection to hold.
    private var trigger: [UInt8]?
    /// Held server bytes in arrival order, with the client socket each is for.
    private var held: [(client: Int32, bytes: [UInt8])] = []
    private var sockets: [Int32] = []
    private var connections: [Connection] = []
    private var stopped = false

    init(targetPort: Int) throws {
        self.targetPort = targetPort
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, 64) == 0 else { throw Failure("proxy: cannot listen: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { stop() }

    /// Keeps back the server's answers on the first connection whose client sends `needle`, from that
    /// client's next message on (with libpq: `needle` in the SQL of a statement being prepared; the
    /// answers to its execution are held).
    func hold(afterClientSends needle: String) {
        lock.withLock { trigger = Array(needle.utf8) }
    }

    /// The bytes held back so far.
    var heldBytes: [UInt8] {
        lock.withLock { held.flatMap(\.bytes) }
    }

    /// Delivers what was held back, in order, and forwards everything again.
    func release() {
        lock.withLock {
            for chunk in held { Self.writeAll(chunk.client, chunk.bytes) }
            held.removeAll()
            trigger = nil
            for connection in connections { connection.state = .forwarding }
        }
    }

    /// Stops accepting and cuts every connection.
    func stop() {
        let first = lock.withLock {
            for socket in sockets { Glibc.shutdown(socket, Int32(SHUT_RDWR)) }
            sockets.removeAll()
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: targetPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                close(client)
                close(server)
                continue
            }
            let connection = Connection(client: client, server: server)
            lock.withLock {
                sockets += [client, server]
                connections.append(connection)
            }
            Thread.detachNewThread { [self] in pump(from: client, to: server, holdable: false, connection) }
            Thread.detachNewThread { [self] in pump(from: server, to: client, holdable: true, connection) }
        }
    }

    private func pump(from source: Int32, to destination: Int32, holdable: Bool, _ connection: Connection) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(source, &buffer, buffer.count)
            guard count > 0 else { break }
            let chunk = Array(buffer[0..<count])
            lock.withLock {
                if holdable {
                    if connection.state == .holding {
                        held.append((destination, chunk))
                        return
                    }
                } else if connection.state == .armed {
                    connection.state = .holding  // before the message goes out: its answer is held
                } else if let trigger, connection.state == .forwarding, !connections.contains(where: { $0.state != .forwarding }),
                          chunk.containsSequence(trigger) {
                    connection.state = .armed
                }
                Self.writeAll(destination, chunk)
            }
        }
        connection.finished(lock: lock) { [self] in
            sockets.removeAll { $0 == connection.client || $0 == connection.server }
            connections.removeAll { $0 === connection }
        }
    }

    /// The two sockets of one proxied connection, closed when both directions have ended.
    private final class Connection: @unchecked Sendable {
        enum State { case forwarding, armed, holding }

        let client: Int32
        let server: Int32
        /// Guarded by the proxy's lock.
        var state = State.forwarding
        private var ended = 0

        init(client: Int32, server: Int32) {
            self.client = client
            self.server = server
        }

        func finished(lock: NSLock, forget: () -> Void) {
            let both = lock.withLock {
                ended += 1
                if ended == 2 { forget() }
                return ended == 2
            }
            // One side ended: end the other direction too, so its pump returns.
            Glibc.shutdown(client, Int32(SHUT_RDWR))
            Glibc.shutdown(server, Int32(SHUT_RDWR))
            if both {
                close(client)
                close(server)
            }
        }
    }

    private static func writeAll(_ socket: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { return }
            offset += written
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return address
    }
}

extension Array where Element: Equatable {
    /// Whether `needle` occurs in the array as a contiguous run.
    func containsSequence(_ needle: [Element]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        return (0...(count - needle.count)).contains { self[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}

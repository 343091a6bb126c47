#if canImport(Glibc)
import Glibc
#endif
import Logging
import Synchronization

/// Listens to the backend's `catalog:invalidations` Redis channel on a dedicated thread (a minimal
/// RESP client over a blocking socket: AUTH, SUBSCRIBE, then messages), reconnecting after failures.
///
/// `onState(true)` once the subscription is confirmed and `onState(false)` whenever it is lost, so
/// the page cache is only trusted while no invalidation can be missed.
final class InvalidationListener: Sendable {
    static let channel = "catalog:invalidations"

    private let redis: FrontendSettings.RedisEndpoint
    private let logger: Logger
    private let onMessage: @Sendable (String) -> Void
    private let onState: @Sendable (Bool) -> Void

    init(redis: FrontendSettings.RedisEndpoint, logger: Logger,
         onMessage: @escaping @Sendable (String) -> Void, onState: @escaping @Sendable (Bool) -> Void) {
        self.redis = redis
        self.logger = logger
        self.onMessage = onMessage
        self.onState = onState
    }

    /// Starts the listening thread; it runs for the life of the process.
    func start() {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { context in
            Unmanaged<InvalidationListener>.fromOpaque(context!).takeRetainedValue().listen()
            return nil
        }, context)
        pthread_detach(thread)
    }

    private func listen() {
        var reportedDown = false
        while true {
            do {
                try listenOnce()
            } catch {
                if !reportedDown {
                    logger.warning("catalog invalidation channel lost; page cache off until it is back", metadata: ["error": "\(error)"])
                }
                reportedDown = true
            }
            onState(false)
            usleep(250_000)
        }
    }

    private func listenOnce() throws(RESPConnection.Failure) {
        let connection = try RESPConnection(host: redis.host, port: redis.port)
        defer { connection.close() }
        if let password = redis.password {
            try connection.send(redis.username.map { ["AUTH", $0, password] } ?? ["AUTH", password])
            _ = try connection.reply()
        }
        try connection.send(["SUBSCRIBE", Self.channel])
        guard case .array(let confirmation) = try connection.reply(), confirmation.first == .text("subscribe") else {
            throw .init("unexpected answer to SUBSCRIBE")
        }
        onState(true)
        while true {
            if case .array(let parts) = try connection.reply(), parts.count == 3, parts[0] == .text("message"),
               case .text(let text) = parts[2] {
                onMessage(text)
            }
        }
    }
}

/// One blocking TCP connection speaking RESP2, enough for AUTH and SUBSCRIBE.
final class RESPConnection {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    enum Reply: Equatable {
        case text(String)
        case integer(Int)
        case null
        case array([Reply])
    }

    private let socket: Int32
    private var buffer: [UInt8] = []
    private var position = 0

    init(host: String, port: Int) throws(Failure) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let first = found else {
            throw Failure("cannot resolve \(host)")
        }
        defer { freeaddrinfo(found) }
        var address: UnsafeMutablePointer<addrinfo>? = first
        while let candidate = address {
            let fd = Glibc.socket(candidate.pointee.ai_family, candidate.pointee.ai_socktype, candidate.pointee.ai_protocol)
            if fd >= 0 {
                if connect(fd, candidate.pointee.ai_addr, candidate.pointee.ai_addrlen) == 0 {
                    var on: Int32 = 1
                    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, socklen_t(MemoryLayout<Int32>.size))
                    socket = fd
                    return
                }
                Glibc.close(fd)
            }
            address = candidate.pointee.ai_next
        }
        throw Failure("cannot connect to \(host):\(port)")
    }

    func close() { Glibc.close(socket) }

    func send(_ arguments: [String]) throws(Failure) {
        var bytes = Array("*\(arguments.count)\r\n".utf8)
        for argument in arguments {
            bytes += Array("$\(argument.utf8.count)\r\n".utf8) + Array(argument.utf8) + [13, 10]
        }
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure("connection lost while sending") }
            sent += written
        }
    }

    /// The next reply; an error reply throws.
    func reply() throws(Failure) -> Reply {
        let line = try readLine()
        guard let kind = line.first else { throw Failure("empty reply line") }
        let rest = String(decoding: line.dropFirst(), as: UTF8.self)
        switch kind {
        case UInt8(ascii: "+"): return .text(rest)
        case UInt8(ascii: "-"): throw Failure("redis: \(rest)")
        case UInt8(ascii: ":"): return .integer(Int(rest) ?? 0)
        case UInt8(ascii: "$"):
            guard let length = Int(rest) else { throw Failure("bad bulk length") }
            if length < 0 { return .null }
            let bytes = try read(length + 2)
            return .text(String(decoding: bytes.dropLast(2), as: UTF8.self))
        case UInt8(ascii: "*"):
            guard let count = Int(rest) else { throw Failure("bad array length") }
            if count < 0 { return .null }
            var parts: [Reply] = []
            for _ in 0..<count { parts.append(try reply()) }
            return .array(parts)
        default: throw Failure("unknown reply type")
        }
    }

    private func fill() throws(Failure) {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw Failure("connection closed") }
        buffer += chunk[..<count]
    }

    private func readLine() throws(Failure) -> ArraySlice<UInt8> {
        while true {
            if let end = buffer[position...].firstIndex(of: 10), end > position, buffer[end - 1] == 13 {
                let line = buffer[position..<(end - 1)]
                position = end + 1
                return line
            }
            try fill()
        }
    }

    private func read(_ count: Int) throws(Failure) -> ArraySlice<UInt8> {
        while buffer.count - position < count { try fill() }
        let bytes = buffer[position..<(position + count)]
        position += count
        return bytes
    }
}

import CHiredis
#if canImport(Glibc)
import Glibc
#endif

/// One blocking hiredis connection. Only use it from a client thread, never an event loop.
final class RedisConnection: @unchecked Sendable {
    private let context: UnsafeMutablePointer<redisContext>

    /// Connects, authenticates and selects the database.
    init(configuration: RedisConfiguration) throws(RedisError) {
        let timeout = Self.timeval(configuration.timeout)
        guard let context = redisConnectWithTimeout(configuration.host, Int32(configuration.port), timeout) else {
            throw .unavailable("out of memory")
        }
        if context.pointee.err != 0 {
            let message = Self.errorString(context)
            redisFree(context)
            throw .unavailable(message)
        }
        redisSetTimeout(context, timeout)
        redisEnableKeepAlive(context)
        self.context = context
        if let password = configuration.password {
            let auth = configuration.username.map { ["AUTH", $0, password] } ?? ["AUTH", password]
            if case .error(let message) = try run([auth])[0] { throw .unavailable("authentication failed: \(message)") }
        }
        if configuration.database != 0 {
            if case .error(let message) = try run([["SELECT", String(configuration.database)]])[0] {
                throw .unavailable("cannot select database \(configuration.database): \(message)")
            }
        }
    }

    deinit {
        redisFree(context)
    }

    /// Subscribes to `channel` and waits for the confirmation; afterwards only `nextReply()` may be
    /// used, and it waits without a timeout (messages come when they come).
    func subscribe(to channel: String) throws(RedisError) {
        let reply = try run([["SUBSCRIBE", channel]])[0]
        guard case .array(let parts) = reply, parts.first == .string("subscribe") else {
            throw .commandFailed("SUBSCRIBE was refused")
        }
        redisSetTimeout(context, Glibc.timeval(tv_sec: 0, tv_usec: 0))
    }

    /// The next reply pushed by the server (a subscriber's messages).
    func nextReply() throws(RedisError) -> RedisReply {
        var raw: UnsafeMutableRawPointer?
        guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw .unavailable(Self.errorString(context)) }
        defer { freeReplyObject(raw) }
        return RedisReply(raw.assumingMemoryBound(to: redisReply.self))
    }

    /// False once an I/O error has happened; such a connection is thrown away.
    var isUsable: Bool { context.pointee.err == 0 }

    /// Sends the commands in one pipeline and reads one reply per command.
    /// An error reply is returned as `.error`; an I/O failure throws `unavailable`.
    func run(_ commands: [[String]]) throws(RedisError) -> [RedisReply] {
        for command in commands {
            let status = Self.withArgv(command) { argc, argv, lengths in
                redisAppendCommandArgv(context, argc, argv, lengths)
            }
            guard status == REDIS_OK else { throw .unavailable(Self.errorString(context)) }
        }
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(context, &raw) == REDIS_OK, let raw else {
                throw .unavailable(Self.errorString(context))
            }
            replies.append(RedisReply(raw.assumingMemoryBound(to: redisReply.self)))
            freeReplyObject(raw)
        }
        return replies
    }

    private static func withArgv<Result>(
        _ arguments: [String], _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> Result
    ) -> Result {
        // Copies with explicit lengths: values may contain NUL bytes, which strdup would cut at.
        let copies = arguments.map { argument -> UnsafeMutablePointer<CChar> in
            let bytes = Array(argument.utf8)
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (index, byte) in bytes.enumerated() { copy[index] = CChar(bitPattern: byte) }
            copy[bytes.count] = 0
            return copy
        }
        defer { copies.forEach { $0.deallocate() } }
        var pointers = copies.map { UnsafePointer<CChar>?(UnsafePointer($0)) }
        let lengths = arguments.map { $0.utf8.count }
        return pointers.withUnsafeMutableBufferPointer { argv in
            lengths.withUnsafeBufferPointer { body(Int32(arguments.count), argv.baseAddress!, $0.baseAddress!) }
        }
    }

    private static func errorString(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { buffer in
            let bytes = buffer.prefix(while: { $0 != 0 })
            return bytes.isEmpty ? "connection error \(context.pointee.err)" : String(decoding: bytes, as: UTF8.self)
        }
    }

    private static func timeval(_ duration: Duration) -> Glibc.timeval {
        let (seconds, attoseconds) = duration.components
        return Glibc.timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}

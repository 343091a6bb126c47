/// Where Redis is and how long to wait for it, parsed from `redis://[[user]:password@]host[:port][/db]`.
public struct RedisConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var database: Int
    /// Connections (and threads) at most.
    public var poolSize: Int
    /// Limit for connecting and for each command's reply.
    public var timeout: Duration

    public init(host: String = "127.0.0.1", port: Int = 6379, username: String? = nil, password: String? = nil,
                database: Int = 0, poolSize: Int = 8, timeout: Duration = .milliseconds(500)) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.poolSize = poolSize
        self.timeout = timeout
    }

    /// Parses a `redis://` URL; the error says what is wrong without echoing the password.
    public init(url: String, poolSize: Int = 8, timeout: Duration = .milliseconds(500)) throws(RedisURLError) {
        guard url.hasPrefix("redis://") else { throw RedisURLError(reason: "must start with redis://") }
        var rest = Substring(url.dropFirst("redis://".count))
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if !path.isEmpty {
                guard let number = Int(path), (0...15).contains(number) else {
                    throw RedisURLError(reason: "the database must be a number 0-15")
                }
                database = number
            }
        }
        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = credentials[..<colon]
                username = user.isEmpty ? nil : String(user)
                password = String(credentials[credentials.index(after: colon)...]).removingPercentEncoding
            } else {
                password = String(credentials).removingPercentEncoding
            }
        }
        var host = String(rest)
        var port = 6379
        if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65535).contains(number) else {
                throw RedisURLError(reason: "the port must be a number 1-65535")
            }
            port = number
        }
        guard !host.isEmpty else { throw RedisURLError(reason: "the host is missing") }
        self.init(host: host, port: port, username: username, password: password, database: database,
                  poolSize: poolSize, timeout: timeout)
    }
}

/// Why a `REDIS_URL` could not be used.
public struct RedisURLError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}

extension String {
    /// Decodes `%XX` escapes (passwords with `@` or `:` in a URL); nil never, malformed escapes are kept.
    fileprivate var removingPercentEncoding: String {
        var bytes: [UInt8] = []
        var utf8 = Array(self.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

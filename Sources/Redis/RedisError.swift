/// What can go wrong talking to Redis.
public enum RedisError: Error, Sendable, CustomStringConvertible {
    /// Redis cannot be reached (refused, timed out, connection dropped) or was unreachable moments ago.
    case unavailable(String)
    /// Redis answered with an error reply.
    case commandFailed(String)

    public var description: String {
        switch self {
        case .unavailable(let reason): "Redis is unavailable: \(reason)"
        case .commandFailed(let message): "Redis error: \(message)"
        }
    }
}

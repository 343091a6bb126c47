import Dispatch
import NIOPosix
import Synchronization
import Telemetry
import Tracing

/// A Redis client with an async API over blocking hiredis connections, which run on the client's
/// own threads (one per connection), never on an event loop.
///
/// A connection that fails is dropped and the next command opens a new one, so Redis coming back
/// needs no restart. After a failed connect the client answers `unavailable` at once for a short
/// back-off instead of waiting for the timeout on every call.
public final class RedisClient: Sendable {
    private static let backOff: Duration = .milliseconds(250)

    private let configuration: RedisConfiguration
    private let threadPool: NIOThreadPool
    private let idle = Mutex<[RedisConnection]>([])
    private let unavailableUntil = Mutex<ContinuousClock.Instant?>(nil)
    private let metrics: DatabaseClientMetrics

    public init(configuration: RedisConfiguration, metrics: DatabaseClientMetrics = .shared) {
        self.configuration = configuration
        self.metrics = metrics
        self.threadPool = NIOThreadPool(numberOfThreads: configuration.poolSize)
        threadPool.start()
    }

    /// Runs one command, e.g. `["GET", key]`. Error replies throw `commandFailed`.
    @discardableResult
    public func command(_ arguments: String...) async throws(RedisError) -> RedisReply {
        try await pipeline([arguments])[0]
    }

    /// Sends several commands in one round trip; error replies throw `commandFailed`.
    @discardableResult
    public func pipeline(_ commands: [[String]]) async throws(RedisError) -> [RedisReply] {
        precondition(!commands.isEmpty && commands.allSatisfy { !$0.isEmpty })
        if let until = unavailableUntil.withLock({ $0 }), ContinuousClock.now < until {
            throw .unavailable("recently unreachable, retrying shortly")
        }
        let operation = commands.count == 1 ? commands[0][0].uppercased() : "PIPELINE"
        let span = InstrumentationSystem.legacyTracer.startAnySpan(operation, context: ServiceContext.current ?? .topLevel,
                                                                   ofKind: .client)
        if span.isRecording {
            span.attributes["db.system.name"] = "redis"
            span.attributes["db.operation.name"] = operation
        }
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            metrics.recordOperation(system: "redis", operation: operation, nanoseconds: DispatchTime.now().uptimeNanoseconds - start)
            span.end()
        }
        let result: Result<[RedisReply], RedisError>
        do {
            result = try await threadPool.runIfActive { self.runBlocking(commands) }
        } catch {
            result = .failure(.unavailable("client shut down"))
        }
        switch result {
        case .success(let replies):
            if let message = replies.lazy.compactMap({ reply -> String? in
                if case .error(let message) = reply { return message }
                return nil
            }).first {
                span.setStatus(SpanStatus(code: .error))
                throw .commandFailed(message)
            }
            return replies
        case .failure(let error):
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error))
            throw error
        }
    }

    /// Whether Redis answers PING now (readiness).
    public func ping() async -> Bool {
        (try? await command("PING")) == .status("PONG")
    }

    /// Closes the connections and stops the threads.
    public func shutdown() async {
        idle.withLock { $0.removeAll() }
        try? await threadPool.shutdownGracefully()
    }

    private func runBlocking(_ commands: [[String]]) -> Result<[RedisReply], RedisError> {
        let connection: RedisConnection
        do {
            if let existing = idle.withLock({ $0.popLast() }) {
                connection = existing
            } else {
                connection = try RedisConnection(configuration: configuration)
            }
        } catch {
            let until = ContinuousClock.now + Self.backOff
            unavailableUntil.withLock { $0 = until }
            return .failure(error)
        }
        do {
            let replies = try connection.run(commands)
            unavailableUntil.withLock { $0 = nil }
            idle.withLock { $0.append(connection) }
            return .success(replies)
        } catch {
            return .failure(error)  // the broken connection is dropped here
        }
    }
}

import Logging
import NIOPosix
import Synchronization
import Telemetry
import Tracing

/// A pool of libpq connections with an async API. Blocking libpq calls run on the pool's own
/// threads (one per connection), never on an event loop.
///
/// Connections open lazily up to `poolSize`; a broken one (server restart, network) is dropped
/// when it is next handed out or when a statement fails on it, and a new one is opened in its place.
public final class PostgresPool: Sendable {
    private let configuration: PostgresConfiguration
    private let threadPool: NIOThreadPool
    private let state = Mutex(PoolState())
    private let metrics: DatabaseClientMetrics
    private let gauges: ConnectionPoolGauges

    public init(configuration: PostgresConfiguration, metrics: DatabaseClientMetrics = .shared) {
        self.configuration = configuration
        self.metrics = metrics
        self.gauges = metrics.poolGauges(system: "postgresql")
        self.threadPool = NIOThreadPool(numberOfThreads: configuration.poolSize)
        threadPool.start()
        gauges.update(idle: 0, used: 0, max: configuration.poolSize, pending: 0)
    }

    /// Runs `body` with a connection on a pool thread. Throws `PostgresError` (or what `body` throws).
    public func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresSession) throws -> Result
    ) async throws -> Result {
        let context = ServiceContext.current ?? .topLevel
        let lease = try await acquire()
        let configuration = self.configuration
        let metrics = self.metrics
        let outcome: LeaseOutcome<Result>
        do {
            outcome = try await threadPool.runIfActive { () -> LeaseOutcome<Result> in
                let connection: PostgresConnection
                do {
                    if case .existing(let existing) = lease, existing.isUsable {
                        connection = existing
                    } else {
                        connection = try PostgresConnection(configuration: configuration)
                    }
                } catch {
                    return LeaseOutcome(result: .failure(error), connection: nil)
                }
                let session = PostgresSession(connection: connection, context: context, metrics: metrics)
                return LeaseOutcome(result: Swift.Result { try body(session) }, connection: connection)
            }
        } catch {
            release(nil)
            throw PostgresError.poolClosed
        }
        release(outcome.connection)
        return try outcome.result.get()
    }

    /// Runs `body` inside BEGIN … COMMIT; any error rolls back and is rethrown.
    public func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresSession) throws -> Result
    ) async throws -> Result {
        try await withConnection { session in
            try session.query("BEGIN")
            do {
                let result = try body(session)
                try session.query("COMMIT")
                return result
            } catch {
                _ = try? session.query("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs one statement and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: any PostgresBindable...) async throws -> PostgresRows {
        try await withConnection { session in try session.query(sql, parameters: parameters) }
    }

    /// Whether a connection can be used right now (readiness).
    public func ping() async -> Bool {
        (try? await query("SELECT 1")) != nil
    }

    /// Closes idle connections and stops the threads; later calls fail with `poolClosed`.
    public func shutdown() async {
        let waiters = state.withLock { state in
            state.closed = true
            state.idle.removeAll()
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(throwing: PostgresError.poolClosed) }
        try? await threadPool.shutdownGracefully()
    }

    // MARK: - Leasing

    private enum Lease: @unchecked Sendable {
        /// An idle connection (checked for breakage before use).
        case existing(PostgresConnection)
        /// A free slot: open a new connection.
        case newConnection
    }

    private struct LeaseOutcome<Result: Sendable>: @unchecked Sendable {
        let result: Swift.Result<Result, any Error>
        /// The connection to give back, nil when none could be opened.
        let connection: PostgresConnection?
    }

    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Lease, any Error>
    }

    private struct PoolState {
        var idle: [PostgresConnection] = []
        var open = 0
        var waiters: [Waiter] = []
        var nextWaiterID = 0
        var closed = false
    }

    private func acquire() async throws -> Lease {
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Lease, any Error>) in
                let immediate: Swift.Result<Lease, PostgresError>? = state.withLock { state in
                    if state.closed { return .failure(.poolClosed) }
                    if let connection = state.idle.popLast() { return .success(.existing(connection)) }
                    if state.open < configuration.poolSize {
                        state.open += 1
                        return .success(.newConnection)
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                publishGauges()
                if let immediate {
                    continuation.resume(with: immediate.mapError { $0 as any Error })
                    return
                }
                let timeout = configuration.acquireTimeout
                Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    self?.failWaiter(id, with: .poolExhausted)
                }
            }
        } onCancel: {
            failWaiter(id, with: .poolExhausted)
        }
    }

    private func failWaiter(_ id: Int, with error: PostgresError) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(throwing: error)
        publishGauges()
    }

    /// Gives a connection back; nil (or an unusable one) frees its slot for a new connection.
    private func release(_ connection: PostgresConnection?) {
        let reusable = connection.flatMap { $0.isReusable ? $0 : nil }
        let handOff = state.withLock { state -> (Waiter, Lease)? in
            if state.closed {
                state.open -= 1
                return nil
            }
            if let reusable {
                if !state.waiters.isEmpty { return (state.waiters.removeFirst(), .existing(reusable)) }
                state.idle.append(reusable)
                return nil
            }
            // The slot stays taken when a waiter inherits it to open a new connection.
            if !state.waiters.isEmpty { return (state.waiters.removeFirst(), .newConnection) }
            state.open -= 1
            return nil
        }
        if let (waiter, lease) = handOff { waiter.continuation.resume(returning: lease) }
        publishGauges()
    }

    private func publishGauges() {
        let (idle, open, pending) = state.withLock { ($0.idle.count, $0.open, $0.waiters.count) }
        gauges.update(idle: idle, used: open - idle, max: configuration.poolSize, pending: pending)
    }
}

#if canImport(Glibc)
import Glibc
#endif
import Logging
import Synchronization

/// Listens to one Redis pub/sub channel on a dedicated thread, reconnecting after failures.
///
/// `onState(true)` is called once the subscription is confirmed and `onState(false)` whenever it is
/// lost, so a consumer can stop trusting what the channel would have told it in between.
public final class RedisSubscriber: Sendable {
    private let configuration: RedisConfiguration
    private let channel: String
    private let onMessage: @Sendable (String) -> Void
    private let onState: @Sendable (Bool) -> Void
    private let logger: Logger
    private let listening = Atomic<Bool>(true)

    public init(configuration: RedisConfiguration, channel: String, logger: Logger,
                onMessage: @escaping @Sendable (String) -> Void, onState: @escaping @Sendable (Bool) -> Void) {
        self.configuration = configuration
        self.channel = channel
        self.logger = logger
        self.onMessage = onMessage
        self.onState = onState
    }

    /// Starts the listening thread; it runs for the life of the process.
    public func start() {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { context in
            Unmanaged<RedisSubscriber>.fromOpaque(context!).takeRetainedValue().listen()
            return nil
        }, context)
        pthread_detach(thread)
    }

    private func listen() {
        var reportedDown = false
        while listening.load(ordering: .relaxed) {
            do {
                try listenOnce()
            } catch {
                if !reportedDown { logger.warning("cache invalidation channel lost; local cache off until it is back", error: error) }
                reportedDown = true
            }
            onState(false)
            usleep(250_000)
        }
    }

    /// One connection's life: subscribe, then deliver messages until it fails.
    private func listenOnce() throws {
        let connection = try RedisConnection(configuration: configuration)
        try connection.subscribe(to: channel)
        onState(true)
        while listening.load(ordering: .relaxed) {
            let reply = try connection.nextReply()
            if case .array(let parts) = reply, parts.count == 3, parts[0] == .string("message"), let text = parts[2].string {
                onMessage(text)
            }
        }
    }
}

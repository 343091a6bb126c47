import Dispatch
import Foundation

/// Records SIGINT and SIGTERM instead of dying, so a command can stop its children first; with
/// `onSignal`, also runs that when one arrives.
final class StopSignal: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var flag = false

    init(onSignal: (@Sendable () -> Void)? = nil) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in
                self?.lock.withLock { self?.flag = true }
                onSignal?()
            }
            source.resume()
            sources.append(source)
        }
    }

    var received: Bool { lock.withLock { flag } }

    /// Stops watching (the signals are still ignored).
    func cancel() { sources.forEach { $0.cancel() } }
}

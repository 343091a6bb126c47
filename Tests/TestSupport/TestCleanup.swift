import Foundation
import Synchronization

/// Work to do when the test process exits (stop servers, remove folders), so nothing is left behind
/// even when a test fails half-way.
public enum TestCleanup {
    private static let actions = Mutex<[@Sendable () -> Void]>([])
    private static let registered = Mutex(false)

    public static func atExit(_ action: @escaping @Sendable () -> Void) {
        actions.withLock { $0.append(action) }
        registered.withLock { done in
            guard !done else { return }
            done = true
            atexit { TestCleanup.runAll() }
        }
    }

    private static func runAll() {
        let pending = actions.withLock { actions in
            defer { actions.removeAll() }
            return actions
        }
        for action in pending.reversed() { action() }
    }
}

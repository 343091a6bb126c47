import Foundation

/// Bounds how many services of the test process start at once.
///
/// Swift Testing runs every test in parallel; on a 2-core CI machine dozens of backends then made
/// their databases and ran their migrations together, and some took more than the health deadline
/// (seen on CI as "did not become healthy"). A start holds one place from making its database to
/// its first healthy `/healthz`; the deadline counts from when it got its place.
/// `SHOPMICRO_TEST_STARTUP_WIDTH` sets the number of places (default: twice the cores, at least 4).
public actor StartupGate {
    public static let shared = StartupGate(width: ProcessInfo.processInfo.environment["SHOPMICRO_TEST_STARTUP_WIDTH"]
        .flatMap(Int.init).map { max(1, $0) } ?? max(4, 2 * ProcessInfo.processInfo.activeProcessorCount))

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(width: Int) {
        free = width
    }

    /// Runs `body` holding one place, waiting for a place first.
    public func withPlace<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

import Foundation

/// Lines from several processes on one stdout, each prefixed with its source, never interleaved.
final class ConsoleOutput: @unchecked Sendable {
    static let shared = ConsoleOutput()
    private let lock = NSLock()

    func line(_ text: String, from source: String? = nil) {
        let prefixed = source.map { "[\($0)] " + text } ?? text
        lock.withLock { FileHandle.standardOutput.write(Data((prefixed + "\n").utf8)) }
    }

    func error(_ text: String) {
        lock.withLock { FileHandle.standardError.write(Data(("shopmicro: " + text + "\n").utf8)) }
    }
}

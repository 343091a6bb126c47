import Foundation

/// Lines from several processes on one stdout, each prefixed with its source, never interleaved.
final class ConsoleOutput: @unchecked Sendable {
    static let shared = ConsoleOutput()
    private let lock = NSLock()
    private var processOutput: FileHandle?

    func line(_ text: String, from source: String? = nil) {
        let prefixed = source.map { "[\($0)] " + text } ?? text
        lock.withLock { ((source != nil ? processOutput : nil) ?? FileHandle.standardOutput).write(Data((prefixed + "\n").utf8)) }
    }

    /// Sends the child processes' lines to `file` (a fault drill's log) instead of stdout.
    func divertProcessOutput(to file: URL) throws {
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        lock.withLock { processOutput = handle }
    }

    func error(_ text: String) {
        lock.withLock { FileHandle.standardError.write(Data(("shopmicro: " + text + "\n").utf8)) }
    }
}

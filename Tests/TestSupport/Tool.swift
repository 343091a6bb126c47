import Foundation

/// Runs a command line tool, returning its exit status and combined output.
///
/// Input and output go through temporary files, not pipes: a service process spawned by another
/// test at the same moment may inherit a pipe's write end and would keep it open for its lifetime.
///
/// The async `run` waits by polling with `Task.sleep`, so that tests never block a thread of the
/// cooperative pool (with two cores, a few blocked threads starve every other test's tasks);
/// `runBlocking` is for the rare synchronous context (one-time set-up).
public enum Tool {
    public static func run(_ executable: String, _ arguments: [String], stdin: [UInt8]? = nil) async throws -> (status: Int32, output: String) {
        try await withFiles(stdin) { input, output in
            let pid = try ChildProcess.spawn(executable, arguments, stdin: input, stdout: output)
            while true {
                if let status = ChildProcess.poll(pid) { return status }
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    public static func runBlocking(_ executable: String, _ arguments: [String], stdin: [UInt8]? = nil) throws -> (status: Int32, output: String) {
        try withFiles(stdin) { input, output in
            ChildProcess.wait(try ChildProcess.spawn(executable, arguments, stdin: input, stdout: output))
        }
    }

    private static func withFiles(_ stdin: [UInt8]?, _ body: (String, String) async throws -> Int32) async throws -> (status: Int32, output: String) {
        let folder = FileManager.default.temporaryDirectory
        let inputURL = folder.appendingPathComponent("tool-in-\(UUID().uuidString)")
        let outputURL = folder.appendingPathComponent("tool-out-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: inputURL)
            try? FileManager.default.removeItem(at: outputURL)
        }
        try Data(stdin ?? []).write(to: inputURL)
        let status = try await body(inputURL.path, outputURL.path)
        return (status, (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "")
    }

    private static func withFiles(_ stdin: [UInt8]?, _ body: (String, String) throws -> Int32) throws -> (status: Int32, output: String) {
        let folder = FileManager.default.temporaryDirectory
        let inputURL = folder.appendingPathComponent("tool-in-\(UUID().uuidString)")
        let outputURL = folder.appendingPathComponent("tool-out-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: inputURL)
            try? FileManager.default.removeItem(at: outputURL)
        }
        try Data(stdin ?? []).write(to: inputURL)
        let status = try body(inputURL.path, outputURL.path)
        return (status, (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "")
    }
}

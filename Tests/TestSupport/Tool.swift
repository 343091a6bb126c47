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
        let files = try ToolFiles(stdin: stdin)
        defer { files.remove() }
        let pid = try ChildProcess.spawn(executable, arguments, stdin: files.input.path, stdout: files.output.path)
        while true {
            if let status = ChildProcess.poll(pid) { return (status, files.outputText()) }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    public static func runBlocking(_ executable: String, _ arguments: [String], stdin: [UInt8]? = nil) throws -> (status: Int32, output: String) {
        let files = try ToolFiles(stdin: stdin)
        defer { files.remove() }
        let status = ChildProcess.wait(try ChildProcess.spawn(executable, arguments, stdin: files.input.path, stdout: files.output.path))
        return (status, files.outputText())
    }
}

/// The temporary input and output files of one tool run.
private struct ToolFiles {
    let input: URL
    let output: URL

    init(stdin: [UInt8]?) throws {
        let folder = FileManager.default.temporaryDirectory
        input = folder.appendingPathComponent("tool-in-\(UUID().uuidString)")
        output = folder.appendingPathComponent("tool-out-\(UUID().uuidString)")
        try Data(stdin ?? []).write(to: input)
    }

    func outputText() -> String {
        (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    func remove() {
        try? FileManager.default.removeItem(at: input)
        try? FileManager.default.removeItem(at: output)
    }
}

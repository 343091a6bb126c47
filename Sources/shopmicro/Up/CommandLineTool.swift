import Foundation
import ProcessSpawning

/// Runs a short-lived tool (initdb, pg_ctl, psql…) to completion.
enum CommandLineTool {
    struct Failed: Error, CustomStringConvertible {
        let command: String
        let status: Int32
        let output: String
        var description: String { "\(command) failed (exit \(status)): \(output.trimmingCharacters(in: .whitespacesAndNewlines))" }
    }

    /// The tool's combined output; throws `Failed` on a non-zero exit.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], asUser user: String? = nil) throws -> String {
        let (program, argv) = user != nil && getuid() == 0
            ? ("/usr/sbin/runuser", ["-u", user!, "--", executable] + arguments) : (executable, arguments)
        // A file, not a pipe: `pg_ctl start` leaves a server running that inherits the output
        // descriptor, and a pipe would then never reach end-of-file.
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("shopmicro-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let pid = try ChildProcess.spawn(program, argv, output: .files(stdout: outputFile.path, stderr: nil))
        let status = ChildProcess.wait(pid)
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw Failed(command: ([executable] + arguments).joined(separator: " "), status: status, output: output)
        }
        return output
    }

    /// The first of `names` found on PATH (or given as an absolute path).
    static func find(_ names: String...) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in names {
            if name.hasPrefix("/") { if FileManager.default.isExecutableFile(atPath: name) { return name } else { continue } }
            for directory in path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }
}

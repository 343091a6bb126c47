import Foundation

/// The repository the tests run in, and the validators `scripts/install-test-tools.sh` installs.
public enum Repository {
    /// The repository's root folder.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs one of the tools in `.tools/bin` (kubectl, kubernetes-validate, checkov, ansible-*) in
    /// `directory`, with its virtualenv first on `PATH` as the tool expects; `environment` is added.
    public static func runTool(_ name: String, _ arguments: [String], in directory: URL = root,
                               environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        let link = root.appendingPathComponent(".tools/bin/\(name)")
        guard FileManager.default.fileExists(atPath: link.path) else {
            throw Failure("\(name) is not installed: run scripts/install-test-tools.sh (make test does)")
        }
        let binDirectory = link.resolvingSymlinksInPath().deletingLastPathComponent().path
        let path = binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let assignments = (["PATH": path].merging(environment) { _, new in new }).map { "\($0.key)=\($0.value)" }
        return try await Tool.run("/bin/sh", ["-c", "cd \"$0\" && exec /usr/bin/env \"$@\"", directory.path]
                                  + assignments + [name] + arguments)
    }
}

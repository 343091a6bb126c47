import Foundation
import TestSupport

extension RedisServer {
    /// Runs one command with `redis-cli` against this server and returns its trimmed output.
    func cli(_ arguments: String...) async throws -> String {
        var all = ["-h", "127.0.0.1", "-p", String(port)]
        if let password { all += ["--no-auth-warning", "-a", password] }
        let result = try await Tool.run("/usr/bin/redis-cli", all + arguments)
        guard result.status == 0 else { throw Failure("redis-cli \(arguments.joined(separator: " ")): \(result.output)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

import Foundation
import TestSupport
import Testing

@Suite("docker-compose.yml and Dockerfile, checked without a Docker engine")
struct ContainerFilesTests {
    @Test("docker-compose parses the compose file, and it and the Dockerfile keep the quick start's promises")
    func composeFileAndDockerfile() async throws {
        let repository = LocalPlatformTests.repository.path
        let parsed = try await Tool.run("/usr/bin/docker-compose", ["-f", repository + "/docker-compose.yml", "config", "-q"])
        #expect(parsed.status == 0, "\(parsed.output)")
        let checked = try await Tool.run("/usr/bin/python3", [repository + "/Tests/tools/compose_check.py", repository])
        #expect(checked.status == 0, "\(checked.output)")
    }

    @Test("a broken compose file is refused by the parser (the check can fail)")
    func brokenComposeFileIsRefused() async throws {
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("compose-\(UUID().uuidString).yml")
        try "services:\n  frontend:\n    image: shopmicro\n    ports: 3000\n".write(to: broken, atomically: true, encoding: .utf8)
        let parsed = try await Tool.run("/usr/bin/docker-compose", ["-f", broken.path, "config", "-q"])
        #expect(parsed.status != 0)
    }
}

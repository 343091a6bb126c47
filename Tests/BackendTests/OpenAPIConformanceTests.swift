import Foundation
import TestSupport
import Testing

@Suite("The OpenAPI document tells the truth")
struct OpenAPIConformanceTests {
    @Test("every documented operation, exercised against the live backend, matches the document")
    func liveResponsesMatchTheDocument() async throws {
        let backend = try await BackendUnderTest()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tools/openapi_check.py").path
        let result = try await Tool.run("/usr/bin/env", ["python3", script, backend.baseURL])
        #expect(result.status == 0, "openapi_check.py:\n\(result.output)")
    }
}

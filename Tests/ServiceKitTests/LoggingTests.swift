import TestSupport
import Foundation
import Testing

@Suite("Structured logs of the real services")
struct LoggingTests {
    static let traceID = "0af7651916cd43dd8448eb211c80319c"
    static let traceparent = "00-\(traceID)-b7ad6b7169203331-01"
    static let awkward = "quote \" backslash \\ newline \n tab \t bell \u{07} é 日本 🛒"

    @Test("every stdout line is a JSON object with the contract's fields; a request's lines share its trace id")
    func stdoutLinesAreJSON() async throws {
        let service = try await ServiceProcess("kit-fixture", environment: ["FIXTURE_NAME": "log-fixture"])
        let encoded = Self.awkward.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let reply = try await HTTP.get("\(service.baseURL)/log?text=\(encoded)", headers: [("traceparent", Self.traceparent)])
        #expect(reply.status == .ok)
        _ = try await HTTP.get("\(service.baseURL)/healthz")
        #expect(try await service.stop() == 0)

        let records = service.logRecords()
        #expect(records.count >= 4)
        #expect(records.allSatisfy { $0 != nil }, "a line is not JSON: \(service.stdout())")
        let timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
        for record in records.compactMap({ $0 }) {
            #expect((record["timestamp"] as? String)?.wholeMatch(of: timestamp) != nil, "\(record)")
            #expect(["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(record["level"] as? String))
            #expect(record["message"] is String)
            #expect(record["service"] as? String == "log-fixture")
        }

        let traced = records.compactMap { $0 }.filter { $0["trace_id"] as? String == Self.traceID }
        let fixtureLine = try #require(traced.first { $0["message"] as? String == "fixture log" })
        let accessLine = try #require(traced.first { $0["message"] as? String == "request" })
        #expect(fixtureLine["fixture_text"] as? String == Self.awkward)
        #expect(fixtureLine["order_count"] as? Int == 3)
        #expect(fixtureLine["span_id"] as? String == accessLine["span_id"] as? String)
        #expect(accessLine["http_request_method"] as? String == "GET")
        #expect(accessLine["http_route"] as? String == "/log")
        #expect(accessLine["url_path"] as? String == "/log")
        #expect(accessLine["http_response_status_code"] as? Int == 200)
        #expect(accessLine["response_bytes"] as? Int == 6)
        #expect((accessLine["duration_seconds"] as? Double ?? -1) >= 0)

        // The health check had no incoming trace: its access line has a fresh trace id of its own.
        let health = try #require(records.compactMap { $0 }.first { $0["http_route"] as? String == "/healthz" })
        #expect((health["trace_id"] as? String)?.count == 32)
        #expect(health["trace_id"] as? String != Self.traceID)
    }
}

@Suite("journald output through libsystemd", .serialized)
struct JournaldTests {
    @Test("LOG_OUTPUT=journald sends native entries with trace ids and upper-case metadata fields")
    func journaldEntries() async throws {
        try Journald.ensureRunning()
        let identifier = "shopmicro-test-\(UInt32.random(in: 0...UInt32.max))"
        let service = try await ServiceProcess("kit-fixture", environment: ["FIXTURE_NAME": identifier, "LOG_OUTPUT": "journald"])
        _ = try await HTTP.get("\(service.baseURL)/log?text=hello%20journal", headers: [("traceparent", LoggingTests.traceparent)])
        #expect(try await service.stop() == 0)
        #expect(service.stdout().isEmpty, "journald output must not also print: \(service.stdout())")

        let entries = try await Journald.entries(identifier: identifier, atLeast: 3)
        let fixture = try #require(entries.first { $0["MESSAGE"] as? String == "fixture log" })
        #expect(fixture["TRACE_ID"] as? String == LoggingTests.traceID)
        #expect((fixture["SPAN_ID"] as? String)?.count == 16)
        #expect(fixture["PRIORITY"] as? String == "6")
        #expect(fixture["FIXTURE_TEXT"] as? String == "hello journal")
        #expect(fixture["ORDER_COUNT"] as? String == "3")
        let access = try #require(entries.first { $0["MESSAGE"] as? String == "request" && $0["HTTP_ROUTE"] as? String == "/log" })
        #expect(access["TRACE_ID"] as? String == LoggingTests.traceID)
        #expect(access["HTTP_RESPONSE_STATUS_CODE"] as? String == "200")
    }

    @Test("LOG_OUTPUT=auto picks journald when JOURNAL_STREAM names stderr, as systemd sets it")
    func autoPicksJournaldUnderSystemd() async throws {
        try Journald.ensureRunning()
        let identifier = "shopmicro-auto-\(UInt32.random(in: 0...UInt32.max))"
        let service = try await ServiceProcess("kit-fixture", environment: ["FIXTURE_NAME": identifier, "LOG_OUTPUT": "auto"],
                                               journalStreamIsStderr: true)
        _ = try await HTTP.get("\(service.baseURL)/healthz")
        #expect(try await service.stop() == 0)
        let entries = try await Journald.entries(identifier: identifier, atLeast: 1)
        #expect(entries.contains { $0["HTTP_ROUTE"] as? String == "/healthz" })
        #expect(service.stdout().isEmpty)
    }
}

/// The real systemd-journald, started by hand when systemd is not PID 1.
enum Journald {
    static let socketPath = "/run/systemd/journal/socket"

    static func ensureRunning() throws {
        if socketAcceptsDatagrams() { return }
        guard FileManager.default.isExecutableFile(atPath: "/lib/systemd/systemd-journald") else {
            throw Failure("/lib/systemd/systemd-journald is missing: apt-get install systemd")
        }
        // A stale socket left by a killed journald makes senders fail with ECONNREFUSED.
        try? FileManager.default.removeItem(atPath: "/run/systemd/journal")
        try FileManager.default.createDirectory(atPath: "/run/systemd/journal", withIntermediateDirectories: true)
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: "/lib/systemd/systemd-journald")
        daemon.standardInput = FileHandle.nullDevice
        daemon.standardOutput = FileHandle.nullDevice
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        for _ in 0..<100 where !socketAcceptsDatagrams() { usleep(50_000) }
        guard socketAcceptsDatagrams() else { throw Failure("systemd-journald did not open \(socketPath)") }
    }

    /// Entries of `identifier` read back with `journalctl -o json`, waiting until there are `atLeast`.
    static func entries(identifier: String, atLeast count: Int) async throws -> [[String: Any]] {
        var entries: [[String: Any]] = []
        for _ in 0..<50 {
            let result = try await Tool.run("/usr/bin/journalctl", ["--no-pager", "-o", "json", "SYSLOG_IDENTIFIER=\(identifier)"])
            entries = result.output.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }
            if entries.count >= count { return entries }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure("journalctl returned \(entries.count) entries for \(identifier)")
    }

    private static func socketAcceptsDatagrams() -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in socketPath.utf8.enumerated() { buffer[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 }
        }
    }
}
